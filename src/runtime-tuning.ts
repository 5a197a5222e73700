import { setFlagsFromString } from 'node:v8';
import { importWithLazyDateFormats } from './lazy-date-formats';

/**
 * V8 heap tuning for a server that allocates ~30 KB per request, all of it short-lived. Both flags
 * are read at every GC, so setting them here, before the app loads, takes effect whatever command
 * started the process (`npm run start:prod` also caps the young generation, which only a flag can).
 *
 * - No allocation-site pretenuring: under load V8 decided that per-request objects live long and
 *   allocated them straight into the old generation, where they die anyway. Measured on
 *   GET /auth/session: the old generation grew 2.7 MB per scavenge, scavenge pauses were 3.6 ms and
 *   RSS passed 220 MB; without it, 0.6 MB, 1 ms and ~20% more requests per second.
 * - Old generation grown by 25% of what survives a full GC, not V8's up to 4×: the rest still grows
 *   under load and is freed in one go, so RSS saw-toothed between 160 and 250 MB. At 60%, over 16 s of
 *   load: peak RSS 151 MB instead of 237, for ~4% fewer requests per second. On Node 24 ~40 MB survive
 *   (module sources and code), and a full GC every few seconds of load costs ~10 ms; with the bytecode
 *   flushing flags of `start:prod`, RSS after the bench went from 186–191 MB to 159–169.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
setFlagsFromString('--heap-growing-percent=25');

/*
 * @nestjs/common builds two Intl.DateTimeFormat when imported, for the timestamps of its console logger,
 * which this app replaces with pino. Measured at boot: RSS 138 → 131 MB with them built on first use.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- it must load here, after the swap
importWithLazyDateFormats(() => require('@nestjs/common') as unknown);
