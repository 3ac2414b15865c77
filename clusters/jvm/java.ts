/**
 * The JVM of the `jvm` image (`clusters/images/jvm`): Debian's openjdk-17-jre-headless, shared
 * by every JVM system (zookeeper, kafka, herddb, bookkeeper).
 */

/** The JVM's real executable (not the `java` alternatives link), for start-stop-daemon's `--exec` match. */
export const JAVA_BIN = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';
