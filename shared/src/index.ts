export * from './error-codes.ts';
export * from './limits.ts';
export * from './paths.ts';
export * from './device-models.ts';
export * from './contract.ts';
export * from './schemas/locale.ts';
export * from './schemas/user-profile.ts';
export * from './contracts/ensure-profile.ts';
