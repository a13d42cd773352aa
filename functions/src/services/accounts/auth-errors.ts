/** Whether firebase-admin's Auth answered that the user does not exist (e.g. already deleted). */
export function isUserNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === 'auth/user-not-found'
  );
}
