/** What a notification says, before it is put into words in the recipient's language. */
export type NotificationContent =
  | {
      readonly kind: 'alert';
      readonly metric: string;
      readonly value: number;
      readonly threshold: number;
      readonly direction: 'above' | 'below';
      readonly critical: boolean;
    }
  | { readonly kind: 'alert-cleared'; readonly metric: string; readonly value: number | null }
  | { readonly kind: 'battery'; readonly value: number; readonly critical: boolean }
  | { readonly kind: 'offline' }
  | { readonly kind: 'online' }
  | { readonly kind: 'firmware'; readonly version: string }
  | { readonly kind: 'member-joined'; readonly memberName: string | null }
  | { readonly kind: 'member-left'; readonly memberName: string | null }
  | { readonly kind: 'reminder'; readonly text: string }
  | { readonly kind: 'device-released' }
  | { readonly kind: 'test' };

export type ContentKind = NotificationContent['kind'];

export interface Words {
  readonly title: string;
  readonly body: string;
}
