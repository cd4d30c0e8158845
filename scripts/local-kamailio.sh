# Sourced by scripts/bench, scripts/bench-exporter and scripts/hot-text: a free loopback port and a local
# Kamailio that answers OPTIONS with 200 and every other request with 501. Never stops any process but
# the one it started (KPID).

# A port free for both UDP and TCP on loopback.
freeport() {
  local p
  for _ in $(seq 1 50); do
    p=$(( (RANDOM % 20000) + 30000 ))
    if ! ss -Hlnu "sport = :$p" | grep -q . && ! ss -Hlnt "sport = :$p" | grep -q .; then echo "$p"; return; fi
  done
  echo "$0: no free port" >&2
  exit 1
}

# start_kamailio WORK PORT CHILDREN ADDRESSES: listens on TCP 127.0.0.1:PORT and on UDP PORT at each of
# ADDRESSES (one UDP listener each: a wildcard socket would answer 127.0.0.x from 127.0.0.1, and a
# connected UDP socket rightly drops that). CHILDREN is Kamailio's workers per UDP listener. Sets KPID and
# returns once every listener is up.
start_kamailio() {
  local work=$1 port=$2 children=$3 addresses=$4 a
  cat >"$work/kamailio.cfg" <<CFG
#!KAMAILIO
debug=1
log_stderror=yes
children=$children
tcp_children=1
auto_aliases=no
dns=no
rev_dns=no
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
listen=tcp:127.0.0.1:$port
$(for a in $addresses; do echo "listen=udp:$a:$port"; done)
loadmodule "sl.so"
loadmodule "textops.so"
request_route {
    if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }
    sl_send_reply("501", "Not Implemented");
}
CFG
  kamailio -f "$work/kamailio.cfg" -DD -E -m 256 -M 8 -P "$work/k.pid" -Y "$work" -w "$work" \
    >"$work/kamailio.log" 2>&1 &
  KPID=$!
  local want
  want=$(echo "$addresses" | wc -w)
  for _ in $(seq 1 200); do
    [ "$(ss -Hlnu "sport = :$port" | wc -l)" -ge "$want" ] && ss -Hlnt "sport = :$port" | grep -q . && return
    sleep 0.05
  done
  echo "$0: Kamailio did not start:" >&2
  cat "$work/kamailio.log" >&2
  exit 1
}
