// Public entry of local-cloud; each component lives in its own folder under src/.
export {};
