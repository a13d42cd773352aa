import type { Operation } from './operations.ts';
import {
  batchDelete,
  batchGet,
  deleteAccount,
  getEmulatorConfig,
  getProjectConfig,
  grantToken,
  lookup,
  resetProject,
  signInWithCustomToken,
  signInWithPassword,
  signUp,
  update,
  updateEmulatorConfig,
} from './operations.ts';

export interface Route {
  operation: Operation;
  /** The project named in the path, if any. */
  project?: string;
}

const ACCOUNT_METHODS: Record<string, Operation> = {
  signUp,
  signInWithPassword,
  signInWithCustomToken,
  lookup,
  update,
  delete: deleteAccount,
  batchGet,
  batchDelete,
};

const ACCOUNTS_PATH =
  /^\/identitytoolkit\.googleapis\.com\/v1\/(?:projects\/([^/:]+)\/)?accounts(?::([A-Za-z]+))?$/;
const EMULATOR_PATH = /^\/emulator\/v1\/projects\/([^/]+)\/(accounts|config)$/;

/** Maps a method and path to the operation serving it, or undefined for unknown endpoints. */
export function route(method: string, path: string): Route | undefined {
  const accounts = ACCOUNTS_PATH.exec(path);
  if (accounts) {
    const project = accounts[1] === undefined ? {} : { project: decodeURIComponent(accounts[1]) };
    const name = accounts[2];
    // Admin create is a POST to the bare collection.
    if (name === undefined)
      return method === 'POST' ? { operation: signUp, ...project } : undefined;
    const operation = ACCOUNT_METHODS[name];
    if (!operation) return undefined;
    const expected = name === 'batchGet' ? 'GET' : 'POST';
    return method === expected ? { operation, ...project } : undefined;
  }
  if (path === '/securetoken.googleapis.com/v1/token' && method === 'POST') {
    return { operation: grantToken };
  }
  if (path === '/identitytoolkit.googleapis.com/v1/projects' && method === 'GET') {
    return { operation: getProjectConfig };
  }
  const emulator = EMULATOR_PATH.exec(path);
  if (emulator?.[1] !== undefined) {
    const project = decodeURIComponent(emulator[1]);
    if (emulator[2] === 'accounts') {
      return method === 'DELETE' ? { operation: resetProject, project } : undefined;
    }
    if (method === 'GET') return { operation: getEmulatorConfig, project };
    if (method === 'PATCH') return { operation: updateEmulatorConfig, project };
  }
  return undefined;
}
