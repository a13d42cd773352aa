// One document: its fields with their Firestore types, each editable in place; add and delete
// fields; delete the document; its subcollections. Bad input is refused here, before any request.
import { useState } from 'preact/hooks';
import { errorText } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { href } from '../route.ts';
import { database, deleteDocument, setField } from '../firestore/rest.ts';
import type { FirestoreDocument } from '../firestore/rest.ts';
import { TYPES, parseValue, toText, typeOf } from '../firestore/values.ts';
import type { FirestoreValue, ValueType } from '../firestore/values.ts';
import { TextInput } from '../text-input.tsx';

interface Props {
  readonly path: readonly string[];
  readonly document: FirestoreDocument | null | undefined;
  readonly error: string | undefined;
  readonly subcollections: readonly string[];
  readonly onChanged: () => void;
}

export function DocumentView({ path, document, error, subcollections, onChanged }: Props) {
  const [failure, setFailure] = useState<string | undefined>();
  const [editing, setEditing] = useState<string | undefined>();

  const save = async (field: string, value: FirestoreValue | undefined) => {
    await setField(path, field, value);
    setEditing(undefined);
    onChanged();
  };

  if (document === undefined) return <ErrorBox error={error} />;
  if (document === null)
    return <p class="muted">No document at {path.join('/')} (it may have subcollections).</p>;
  const fields = Object.entries(document.fields ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div class="panel">
      <h2 class="mono">{path.join('/')}</h2>
      <p class="muted">updated {document.updateTime}</p>
      <ErrorBox error={error ?? failure} />
      <table aria-label="Fields" class="fields">
        <thead>
          <tr>
            <th>field</th>
            <th>type</th>
            <th>value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {fields.map(([name, value]) =>
            editing === name ? (
              <tr key={name}>
                <td class="mono">{name}</td>
                <td colSpan={3}>
                  <FieldForm
                    name={name}
                    initial={value}
                    submitLabel="Save"
                    onSubmit={(v) => save(name, v)}
                    onCancel={() => {
                      setEditing(undefined);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={name} data-field={name}>
                <td class="mono">{name}</td>
                <td>{typeOf(value)}</td>
                <td class="mono" data-value>
                  {toText(value)}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Edit ${name}`}
                    onClick={() => {
                      setEditing(name);
                    }}
                  >
                    Edit
                  </button>{' '}
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete ${name}`}
                    onClick={() => {
                      if (!confirm(`Delete the field ${name}?`)) return;
                      save(name, undefined).catch((e: unknown) => {
                        setFailure(errorText(e));
                      });
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <h2>Add a field</h2>
      <FieldForm submitLabel="Add field" onSubmit={(v, name) => save(name, v)} />
      {subcollections.length > 0 && (
        <>
          <h2>Subcollections</h2>
          <ul class="list">
            {subcollections.map((id) => (
              <li key={id}>
                <a href={href('firestore', [...path, id])}>{id}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="row">
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (!confirm(`Delete ${path.join('/')}? Its subcollections stay.`)) return;
            deleteDocument(path).then(
              () => {
                location.hash = href('firestore', path.slice(0, -1));
              },
              (e: unknown) => {
                setFailure(errorText(e));
              },
            );
          }}
        >
          Delete document
        </button>
      </div>
    </div>
  );
}

interface FieldFormProps {
  /** Given when editing an existing field (the name is then fixed). */
  readonly name?: string;
  readonly initial?: FirestoreValue;
  readonly submitLabel: string;
  readonly onSubmit: (value: FirestoreValue, name: string) => Promise<void>;
  readonly onCancel?: () => void;
}

/** A field's name, type and value as text; parsed by type on submit, refused when it does not fit. */
export function FieldForm({ name, initial, submitLabel, onSubmit, onCancel }: FieldFormProps) {
  const [fieldName, setFieldName] = useState(name ?? '');
  const [type, setType] = useState<ValueType>(initial ? typeOf(initial) : 'string');
  const [text, setText] = useState(initial ? toText(initial) : '');
  const [failure, setFailure] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      if (fieldName.trim() === '') throw new Error('A field needs a name');
      const value = parseValue(type, text, await database());
      await onSubmit(value, fieldName);
      if (name === undefined) {
        setFieldName('');
        setText('');
      }
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <div class="row">
        {name === undefined && (
          <TextInput
            aria-label="Field name"
            placeholder="field"
            value={fieldName}
            onValue={setFieldName}
          />
        )}
        <select
          aria-label="Type"
          value={type}
          onChange={(e) => {
            setType(e.currentTarget.value as ValueType);
          }}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <TextInput
          aria-label="Value"
          class="mono"
          size={40}
          value={text}
          placeholder={PLACEHOLDERS[type]}
          disabled={type === 'null'}
          onValue={setText}
        />
        <button type="submit" class="primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorBox error={failure} />
    </form>
  );
}

const PLACEHOLDERS: Record<ValueType, string> = {
  string: 'text',
  integer: '42',
  double: '3.14',
  boolean: 'true',
  null: '',
  timestamp: '2026-01-31T12:00:00Z',
  geopoint: '52.52, 13.40',
  reference: 'collection/doc',
  bytes: 'base64',
  map: '{"key": "value"}',
  array: '[1, 2, 3]',
};
