// Settings of the embedded database that the config reader needs without loading PGlite.

/**
 * PGlite's own default is PostgreSQL's 128 MiB. 32 MiB held 100 MiB less RSS and read home feeds as fast
 * (2,000 distinct viewers, 2,000 users / 50,000 memories): pages it evicts stay in the OS's file cache.
 */
export const EMBEDDED_SHARED_BUFFERS_MB = 32;
