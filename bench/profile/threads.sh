#!/bin/bash
# bench/profile/threads.sh PID SECONDS: CPU (ms, user and sys) per thread-name group of PID over the window
snap() { for t in /proc/$1/task/*; do s=$(cat $t/stat 2>/dev/null) || continue; name=$(cat $t/comm 2>/dev/null | sed 's/[0-9]\+/N/g; s/ /_/g'); echo "${t##*/} $name $(echo "$s" | sed 's/.*) //' | awk '{print $12, $13}')"; done; }
snap $1 > /tmp/th0; sleep $2; snap $1 > /tmp/th1
join <(sort /tmp/th0) <(sort /tmp/th1) | awk '{u=$6-$3; s=$7-$4; U[$2]+=u; S[$2]+=s} END {for (k in U) if (U[k]+S[k]>0) printf "%6d %6d %s\n", U[k]*10, S[k]*10, k}' | sort -rn | head -12
