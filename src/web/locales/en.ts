import { loadWholeCatalogue } from './catalogue.ts';

// The whole English catalogue in one object, for tests and scripts. The app loads it in parts, as its
// pages need them: catalogue.ts lists the parts, en/ holds them.

export const en = await loadWholeCatalogue('en');
