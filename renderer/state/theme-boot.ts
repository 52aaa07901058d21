// Imported first by main.ts: public/boot.js has already put the remembered
// theme on <html> before the first paint; this keeps it following the system.
import { followSystem } from './theme.ts';

followSystem();
