// Public exports of this area; re-exported by ../index.ts.
export {};
