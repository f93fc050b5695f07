package bench;

import java.net.URI;

/** One thing the scenarios load: the mock itself ("direct"), nginx in front of it, or the gateway. */
record Target(String name, URI base, long pid) {
}
