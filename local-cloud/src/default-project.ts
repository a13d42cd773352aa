/**
 * The project served when the caller names none. A `demo-` id, as the Emulator Suite recommends
 * for projects that exist only locally: nothing can mistake it for a real project. A program that
 * has its own local project passes it as `projectId`.
 */
export const DEFAULT_PROJECT_ID = 'demo-project';
