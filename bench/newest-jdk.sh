# Sourced by bench/run.sh and bench/ab/ab.sh: the home of the newest JDK under /usr/lib/jvm (empty if none), the
# JDK the image runs the gateway on (on Java 21+ its requests run on virtual threads).
newest_jdk() {
    local best="" best_version=0 home version
    for home in /usr/lib/jvm/*/; do
        [ -x "${home}bin/javac" ] || continue
        version=$("${home}bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
        version=${version%%.*}
        if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then best_version=$version; best=${home%/}; fi
    done
    echo "$best"
}
