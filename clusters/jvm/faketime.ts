/**
 * libfaketime for JVMs: the environment that makes a JVM read its wall-clock offset from a
 * time file, so the clock nemesis can skew it by writing that file. Pure.
 */

/** libfaketime's preload library (Debian package `libfaketime`, in the node image). */
export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/**
 * The environment that puts the JVM under libfaketime, reading its offset from `file` (`+0`,
 * `+120`, `-90.5`: seconds from the real clock) at every call; the monotonic clock stays real
 * so timeouts still work. `FAKETIME_FORCE_MONOTONIC_FIX=0` is needed with it: otherwise
 * libfaketime 0.9.10 rewrites the JVM's monotonic condition-variable deadlines and its idle
 * threads spin (measured: an idle ZooKeeper at 190 % CPU, 0 % with the variable). Pure.
 */
export function faketimeEnv(file: string): string[] {
  return [`LD_PRELOAD=${LIBFAKETIME}`, `FAKETIME_TIMESTAMP_FILE=${file}`, 'FAKETIME_NO_CACHE=1', 'DONT_FAKE_MONOTONIC=1', 'FAKETIME_FORCE_MONOTONIC_FIX=0'];
}
