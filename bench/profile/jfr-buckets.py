#!/usr/bin/env python3
"""Share of JFR execution samples per part of the request path.

    bench/profile/jfr-buckets.py recording.jfr                 # the default buckets below
    bench/profile/jfr-buckets.py recording.jfr 'name=regex' …  # your own, first match wins

A sample belongs to the first bucket (in the given order) whose regex matches any frame of its stack, so list
the inner parts (relay, SQL, ...) before the outer ones (filters, Tomcat). Samples of user registration
(BCrypt, the bench's set-up) are left out.
"""
import collections
import os
import re
import subprocess
import sys

DEFAULT = [
    'sse-write=SseStream\\.', 'upstream-read=LineReader|JsonAnswerReader|SseAnswerReader|TextAnswerReader',
    'generation-store=GenerationStore|Generations\\.', 'webhook-body=WebhookRequest', 'webhook-call=N8nWebhook|UpstreamHttpClient',
    'relay-other=relay\\.', 'camel-sql=SqlProducer', 'session=ActiveSessions|AccountStore',
    'jwt=JwtService|VerifiedTokens', 'access-log=AccessLogFilter\\.write', 'json=jackson',
    'camel-binding=PlatformHttpMessage|HttpBinding', 'camel-route=org\\.apache\\.camel',
    'handler-lookup=getHandler|setCache|HandlerMappingIntrospector', 'mvc=DispatcherServlet\\.doDispatch',
    'security=springframework\\.security', 'observation=micrometer|ServerHttpObservationFilter',
    'servlet-filters=springframework\\.web\\.filter|chatgateway\\.system',
    'tomcat=org\\.apache\\.(coyote|catalina|tomcat)', 'virtual-threads=VirtualThread|ForkJoin|Continuation',
]


def main():
    recording = sys.argv[1]
    buckets = [arg.split('=', 1) for arg in (sys.argv[2:] or DEFAULT)]
    jfr = os.path.join(os.environ.get('JAVA_HOME', '/usr'), 'bin', 'jfr')
    text = subprocess.run([jfr, 'print', '--stack-depth', '300', '--events', 'jdk.ExecutionSample', recording],
                          capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    total = 0
    for sample in text.split('jdk.ExecutionSample'):
        frames = re.findall(r'^\s+([\w$.<>/]+\.[\w$<>]+)\(', sample, re.M)
        if not frames or any('BCrypt' in f for f in frames):
            continue
        total += 1
        hit = next((name for name, pattern in buckets if any(re.search(pattern, f) for f in frames)), 'other')
        counts[hit] += 1
    print('samples', total)
    for name, n in counts.most_common():
        print('%5.1f%% %s' % (100 * n / total, name))


if __name__ == '__main__':
    main()
