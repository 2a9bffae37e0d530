import { loadWholeCatalogue } from './catalogue.ts';

// The whole Spanish catalogue in one object, for tests and scripts. The app loads it in parts, as its
// pages need them: catalogue.ts lists the parts, es/ holds them (with en/'s keys, checked by the type).

export const es = await loadWholeCatalogue('es');
