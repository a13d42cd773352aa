// A text input bound to a string: what the console's forms are made of. It reports every keystroke
// (`input`), so the state, the URL or a filter follow the text as it is typed. (A password field is
// an <input type="password"> of its own: preact types `type` per kind of input.)

interface TextInputProps {
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly 'aria-label'?: string;
  readonly placeholder?: string;
  readonly size?: number;
  readonly class?: string;
  readonly disabled?: boolean;
}

export function TextInput({ onValue, ...attributes }: TextInputProps) {
  return (
    <input
      {...attributes}
      onInput={(e) => {
        onValue(e.currentTarget.value);
      }}
    />
  );
}
