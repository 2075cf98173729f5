#!/usr/bin/env bash
# Issue 13's attacks, tried again: each SQL edit is made with the sqlite3 CLI
# on a fresh copy of the demo database, then `ringside verify` is run; the
# line printed is: exit code, attack, and verify's first finding.
# Usage: bench/scripts/attacks.sh [BINARY]   (default: builds ./ringside)
# Exit 0 when every attack was named (exit 1) or refused (exit 2).
set -u
export RINGSIDE_NOW=2026-11-20T15:04:05Z TZ=UTC
bin=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$bin" ]; then
	bin=$work/ringside
	GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3} CGO_ENABLED=0 go build -o "$bin" . || exit 3
fi
"$bin" --db "$work/base.db" demo >/dev/null || exit 3
sqlite3 "$work/base.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
missed=0
fresh() { rm -f "$work/a.db" "$work/a.db-wal" "$work/a.db-shm"; cp "$work/base.db" "$work/a.db"; }
report() { # name code output
	local first
	first=$(printf '%s\n' "$3" | grep -v -E '^(ok|state|database|observations|series|FAILED):' | grep -m1 -E '[a-z]' | cut -c1-${WIDTH:-150})
	printf '%-3s %-58s %s\n' "$2" "$1" "$first"
	case $2 in 1|2) ;; *) missed=$((missed + 1)) ;; esac
}
attack() { # name sql
	fresh
	if ! sqlite3 "$work/a.db" "$2" 2>"$work/sqlerr"; then
		printf 'SQL %-58s %s\n' "$1" "$(head -1 "$work/sqlerr")"; missed=$((missed + 1)); return
	fi
	local out code
	out=$("$bin" --db "$work/a.db" verify 2>&1); code=$?
	report "$1" "$code" "$out"
}
inert() { fresh; sqlite3 "$work/a.db" "$2"; local out; out=$("$bin" --db "$work/a.db" verify 2>&1); printf '%-3s %-58s %s\n' "$?" "$1" "inert: nothing reads it"; }
unguard="DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;"
reguard="CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;"
pid="(SELECT id FROM pilots WHERE slug = 'hr-policy-bot')"

# --- the audit log itself
attack "newest 3 audit entries deleted, guards put back" "$unguard DELETE FROM audit WHERE seq > (SELECT max(seq)-3 FROM audit); $reguard"
attack "newest 1 audit entry deleted, guards put back" "$unguard DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit); $reguard"
attack "every audit entry deleted, guards put back" "$unguard DELETE FROM audit; $reguard"
attack "an audit summary edited (not rechained)" "$unguard UPDATE audit SET summary = 'nothing to see' WHERE seq = 5; $reguard"
attack "an audit entry's state emptied" "$unguard UPDATE audit SET state = '' WHERE seq = (SELECT max(seq) FROM audit); $reguard"
attack "an audit entry's origin changed" "$unguard UPDATE audit SET origin = 'cli' WHERE seq = 5; $reguard"
attack "a middle audit entry deleted" "$unguard DELETE FROM audit WHERE seq = 10; $reguard"
attack "guard audit_no_delete replaced by a no-op" "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END;"
attack "guard audit_no_update replaced by a no-op" "DROP TRIGGER audit_no_update; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END;"
attack "guard with WHEN 0 (never fires)" "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN 0 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;"
attack "guard audit_no_delete dropped" "DROP TRIGGER audit_no_delete;"
attack "both guards dropped" "$unguard"
attack "an extra trigger rewriting sign-offs" "CREATE TRIGGER sneaky AFTER INSERT ON signoffs BEGIN UPDATE signoffs SET decision = 'approve' WHERE id = new.id; END;"
attack "meta audit_origin_from moved" "UPDATE meta SET value = '99999' WHERE key = 'audit_origin_from';"
attack "meta audit_origin_from deleted" "DELETE FROM meta WHERE key = 'audit_origin_from';"

# --- sign-offs
attack "security reject flipped to approve (UPDATE)" "UPDATE signoffs SET decision = 'approve' WHERE decision = 'reject' AND role = 'security';"
attack "a reject deleted (DELETE)" "DELETE FROM signoffs WHERE decision = 'reject';"
attack "forged legal approve, copied hash (INSERT)" "INSERT INTO signoffs(pilot_id, gate, role, person, decision, meaning, at, checklist_hash) SELECT pilot_id, gate, 'legal', 'Ola Berg', 'approve', 'forged', at, checklist_hash FROM signoffs WHERE pilot_id = (SELECT id FROM pilots WHERE slug = 'servicedesk-copilot') AND gate = 'G4' LIMIT 1;"
attack "sign-off person changed" "UPDATE signoffs SET person = 'Mallory' WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off meaning changed" "UPDATE signoffs SET meaning = 'nothing' WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off backdated (at)" "UPDATE signoffs SET at = '2021-03-01T09:00:00Z' WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off checklist_hash replaced" "UPDATE signoffs SET checklist_hash = (SELECT checklist_hash FROM signoffs ORDER BY id DESC LIMIT 1) WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off on_behalf cleared" "UPDATE signoffs SET on_behalf = 1 - on_behalf WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off entered_by changed" "UPDATE signoffs SET entered_by = 'Mallory' WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off signature planted" "UPDATE signoffs SET signature = 'junk' WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off comment changed" "UPDATE signoffs SET comment = 'hm' WHERE id = (SELECT min(id) FROM signoffs);"
attack "sign-off moved to another gate" "UPDATE signoffs SET gate = 'G4' WHERE id = (SELECT min(id) FROM signoffs);"

# --- reviews, pilots and what is in them
attack "review decision hold -> go" "UPDATE reviews SET decision = 'go' WHERE id = (SELECT min(id) FROM reviews);"
attack "review deleted" "DELETE FROM reviews WHERE id = (SELECT min(id) FROM reviews);"
attack "review inserted" "INSERT INTO reviews(pilot_id, gate, day, decision) VALUES ($pid, 'G3', 20700, 'go');"
attack "review conditions emptied" "UPDATE reviews SET conditions = '[]', actions = '[]';"
attack "pilot stage jumped to production" "UPDATE pilots SET stage = 'production' WHERE slug = 'hr-policy-bot';"
attack "pilot gate plan (waivers, added criteria) emptied" "UPDATE pilots SET gates = NULL WHERE slug = 'claims-triage';"
attack "a waiver planted in a gate plan" "UPDATE pilots SET gates = replace(gates, '\"Waivers\":null', '\"Waivers\":[{\"Criterion\":\"g3-legal-approved\",\"Reason\":\"x\",\"Role\":\"legal\"}]') WHERE slug = 'claims-triage';"
attack "pilot hypothesis rewritten" "UPDATE pilots SET hypothesis = 'anything' WHERE slug = 'hr-policy-bot';"
# pilots.created_at/updated_at are written and never read (the audit entry's time is the record): inert
inert "pilot updated_at changed" "UPDATE pilots SET updated_at = '2020-01-01T00:00:00Z' WHERE slug = 'hr-policy-bot';"
attack "pilot deleted with all it holds" "PRAGMA foreign_keys=ON; DELETE FROM observations WHERE series_id IN (SELECT id FROM series WHERE pilot_id = $pid); DELETE FROM series WHERE pilot_id = $pid; DELETE FROM pilots WHERE slug = 'hr-policy-bot';"
attack "pilot inserted" "INSERT INTO pilots(slug, name, stage, created_at, updated_at) VALUES ('ghost', 'Ghost', 'production', '2026-01-01', '2026-01-01');"
attack "KPI target loosened (sqlite3)" "UPDATE kpis SET target = '>= -100%', rollback = '' WHERE pilot_id = (SELECT id FROM pilots WHERE slug = 'servicedesk-copilot');"
attack "KPI deleted" "DELETE FROM kpis WHERE rowid = (SELECT min(rowid) FROM kpis);"
attack "ring exposure changed" "UPDATE rings SET exposure = 1 WHERE rowid = (SELECT min(rowid) FROM rings);"
attack "owner renamed" "UPDATE owners SET person = 'Mallory' WHERE role = 'security';"
attack "owner pubkey replaced" "UPDATE owners SET pubkey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv5fZzPaZ2m0oHgMv1FKzm0lWqBzaAqgL1k8w4p5sTq mallory' WHERE role = 'security';"
attack "owner deleted" "DELETE FROM owners WHERE role = 'legal';"
attack "four highest-scoring risks deleted" "DELETE FROM risks WHERE rowid IN (SELECT rowid FROM risks ORDER BY likelihood * impact DESC LIMIT 4);"
attack "risk closed (status)" "UPDATE risks SET status = 'closed' WHERE rowid = (SELECT min(rowid) FROM risks);"
attack "risk impact lowered" "UPDATE risks SET impact = 1, likelihood = 1;"
attack "runbook body changed" "UPDATE runbooks SET body = 'x' WHERE rowid = (SELECT min(rowid) FROM runbooks);"
attack "drill outcome changed" "UPDATE drills SET outcome = 'pass', restore_min = 1;"
attack "drill deleted" "DELETE FROM drills;"
attack "hypothesis revision deleted" "DELETE FROM hypothesis_revisions;"
attack "portfolio change window edited" "UPDATE change_windows SET start = '03:00';"
attack "change window deleted" "DELETE FROM change_windows;"
attack "freeze deleted" "DELETE FROM freezes;"
attack "freeze shortened" "UPDATE freezes SET to_day = from_day;"
attack "freeze inserted (portfolio)" "INSERT INTO freezes(pilot_id, ord, name, from_day, to_day, zone) VALUES (NULL, 99, 'x', 20000, 20001, 'UTC');"
attack "saved import source planted" "INSERT INTO import_sources(name, spec) VALUES ('evil', '{}');"

# --- observations, series, imports
sq="(SELECT s.id FROM series s JOIN pilots p ON p.id = s.pilot_id WHERE p.slug = 'claims-triage' AND s.ring = 'pilot' AND s.metric = 'triage_min')"
attack "a KPI's observations halved" "UPDATE observations SET value = value / 2 WHERE series_id = $sq;"
attack "one observation changed" "UPDATE observations SET value = value + 1 WHERE series_id = $sq AND day = (SELECT min(day) FROM observations WHERE series_id = $sq);"
attack "one observation deleted" "DELETE FROM observations WHERE series_id = $sq AND day = (SELECT max(day) FROM observations WHERE series_id = $sq);"
attack "one observation inserted" "INSERT INTO observations(series_id, day, value, import_id) SELECT series_id, max(day)+1, 1, import_id FROM observations WHERE series_id = $sq;"
attack "one observation moved a day" "UPDATE observations SET day = day + 1000 WHERE series_id = $sq AND day = (SELECT max(day) FROM observations WHERE series_id = $sq);"
# observations.import_id (the import that last wrote a day) is in the series digest from version 3 on
attack "observation import_id reassigned" "UPDATE observations SET import_id = 1 WHERE import_id = 2;"
# the demo's days hold one reading each (the six per-day columns NULL): give one day a value in each
for col in n sum sumsq min max last; do
	attack "per-day column $col set on a one-reading day" "UPDATE observations SET $col = 2 WHERE series_id = $sq AND day = (SELECT min(day) FROM observations WHERE series_id = $sq);"
done
attack "one day given six readings' columns" "UPDATE observations SET n = 2, sum = 2 * value, sumsq = 2 * value * value, min = value, max = value, last = value WHERE series_id = $sq AND day = (SELECT min(day) FROM observations WHERE series_id = $sq);"
attack "series cached n/sum edited" "UPDATE series SET n = n * 2, sum = sum * 2;"
attack "series digest column edited" "UPDATE series SET digest = 'v2:1:00' WHERE id = $sq;"
attack "series first/last day edited" "UPDATE series SET first_day = first_day + 5, last_day = last_day - 5;"
attack "series deleted with its observations" "DELETE FROM observations WHERE series_id = $sq; DELETE FROM series WHERE id = $sq;"
attack "import deleted with its observations" "DELETE FROM observations WHERE import_id = 2; DELETE FROM imports WHERE id = 2;"
attack "import row only deleted" "DELETE FROM imports WHERE id = 2;"
attack "import sha256 changed" "UPDATE imports SET sha256 = 'aaaa' WHERE id = 2;"
attack "import file renamed" "UPDATE imports SET file = 'other.csv' WHERE id = 2;"
attack "import rejected count zeroed" "UPDATE imports SET rejected = 0, rows = rows + 5 WHERE id = 2;"
attack "import options changed" "UPDATE imports SET options = '{\"shift\":5}' WHERE id = 2;"
attack "import report changed" "UPDATE imports SET report = '' WHERE id = 2;"
attack "import size changed" "UPDATE imports SET size = 1 WHERE id = 2;"
attack "import inserted" "INSERT INTO imports(file, sha256, at, actor, rows, new, updated, unchanged, rejected) VALUES ('x.csv', 'ab', '2026-01-01T00:00:00Z', 'm', 1, 1, 0, 0, 0);"

# --- files
fresh; : > "$work/a.db"; rm -f "$work/a.db-wal" "$work/a.db-shm"
out=$("$bin" --db "$work/a.db" verify 2>&1); report "zero-length file" $? "$out"
fresh; printf 'garbage' | dd of="$work/a.db" bs=1 seek=30000 conv=notrunc 2>/dev/null
dd if=/dev/urandom of="$work/a.db" bs=4096 seek=5 count=3 conv=notrunc 2>/dev/null
out=$("$bin" --db "$work/a.db" verify 2>&1); report "damaged pages" $? "$out"
rm -f "$work/o.db"; sqlite3 "$work/o.db" "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('mine');"
before=$(sha256sum "$work/o.db")
for cmd in verify "export portfolio" "gate --pilot claims-triage --gate G3" "signoff --pilot claims-triage --gate G3 --role security --decision approve --meaning x"; do
	out=$("$bin" --db "$work/o.db" $cmd 2>&1); code=$?
	[ "$(sha256sum "$work/o.db")" = "$before" ] && [ "$(sqlite3 "$work/o.db" 'PRAGMA journal_mode')" = delete ] || code="CHG"
	report "another app's SQLite file: $cmd" "$code" "$out"
done
rm -f "$work/n.db"; cp "$work/base.db" "$work/n.db"; sqlite3 "$work/n.db" "PRAGMA journal_mode=DELETE; PRAGMA user_version = 999;" >/dev/null
before=$(sha256sum "$work/n.db")
out=$("$bin" --db "$work/n.db" verify 2>&1); code=$?
[ "$(sha256sum "$work/n.db")" = "$before" ] && [ "$(sqlite3 "$work/n.db" 'PRAGMA journal_mode')" = delete ] || code="CHG"
report "newer-schema file (user_version 999)" "$code" "$out"
out=$("$bin" --db "" verify 2>&1); report '--db ""' $? "$out"
printf 'not sqlite at all\n' > "$work/t.db"
out=$("$bin" --db "$work/t.db" verify 2>&1); report "a text file as --db" $? "$out"

# --- the command line: a line "held" (exit 0/1/2 as shown) or MISSED
held() { # name ok(0|1) detail
	if [ "$2" = 0 ]; then printf 'ok  %-58s %s\n' "$1" "$3"; else printf 'MISSED %-55s %s\n' "$1" "$3"; missed=$((missed + 1)); fi
}
signoffs() { "$bin" --db "$work/a.db" --as-of 2026-11-20 gate --json --pilot "$1" --gate "$2" 2>/dev/null | python3 -c "import json,sys; r=json.load(sys.stdin); print(len(r.get('signoffs') or []), sum(1 for s in r.get('signoffs') or [] if s.get('stale')), r['checklist_hash'][:12])"; }
fresh; read -r n0 s0 h0 < <(signoffs servicedesk-copilot G3)
"$bin" --db "$work/a.db" export portfolio -o "$work/p.yaml" >/dev/null 2>&1
python3 - "$work/p.yaml" <<'PY'
import sys
p = sys.argv[1]; t = open(p).read()
i = t.index("  - slug: servicedesk-copilot\n"); j = t.find("\n  - slug: ", i + 1); j = len(t) if j < 0 else j
b = t[i:j].replace('target: ">= +5%"', 'target: ">= -100%"').replace('target: "<= -15%"', 'target: "<= +100%"')
b = "\n".join(l for l in b.split("\n") if 'rollback: "' not in l)
open(p, "w").write(t[:i] + b + t[j:])
PY
"$bin" --db "$work/a.db" apply -f "$work/p.yaml" >/dev/null 2>&1
read -r n1 s1 h1 < <(signoffs servicedesk-copilot G3)
[ "$h1" != "$h0" ] && [ "$s1" = "$n1" ] && [ "$s0" = 0 ]; held "targets loosened, rollback removed, apply" $? "hash $h0 -> $h1, stale $s0/$n0 -> $s1/$n1"

fresh; hash=$("$bin" --db "$work/a.db" --as-of 2026-11-20 gate --json --pilot claims-triage --gate G3 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['checklist_hash'])")
"$bin" --db "$work/a.db" export portfolio -o "$work/p.yaml" >/dev/null 2>&1
python3 - "$work/p.yaml" "$hash" <<'PY'
import sys
p, h = sys.argv[1], sys.argv[2]; t = open(p).read()
i = t.index("  - slug: claims-triage\n"); k = t.index("    signoffs:\n", i) + len("    signoffs:\n")
t = t[:k] + "      - {gate: G3, role: legal, person: Ola Berg, decision: approve, meaning: Data processing approved, at: 2021-03-01T09:00:00Z, checklist_hash: " + h + ", on_behalf: false}\n" + t[k:]
open(p, "w").write(t)
PY
out=$("$bin" --db "$work/a.db" --as tester apply -f "$work/p.yaml" 2>&1)
rec=$("$bin" --db "$work/a.db" --as-of 2026-11-20 gate --json --pilot claims-triage --gate G3 2>/dev/null | python3 -c "import json,sys; print([(s['person'], s.get('on_behalf'), s.get('entered_by')) for s in json.load(sys.stdin)['signoffs'] if s['role']=='legal'])")
case $rec in *"True, 'tester'"*) r=0 ;; *) r=1 ;; esac; held "planted backdated sign-off in a file, on_behalf false" $r "$rec"

fresh; for m in first second; do "$bin" --db "$work/a.db" --as "Lee Park" signoff --pilot claims-triage --gate G3 --role security --decision approve --meaning "$m" >/dev/null 2>&1; done
n=$(sqlite3 "$work/a.db" "SELECT count(*) FROM signoffs WHERE meaning IN ('first','second')"); [ "$n" = 2 ]; held "two sign-offs, same role, same second" $? "$n kept"

fresh; for i in $(seq 1 60); do ("$bin" --db "$work/a.db" --as "Lee Park" signoff --pilot claims-triage --gate G3 --role security --decision approve --meaning "parallel $i" >/dev/null 2>"$work/err$i"; echo $? > "$work/rc$i") & done; wait
n=$(sqlite3 "$work/a.db" "SELECT count(*) FROM signoffs WHERE meaning LIKE 'parallel %'"); busy=$(grep -l "busy" "$work"/err* 2>/dev/null | wc -l); three=$(grep -lx 3 "$work"/rc* | wc -l)
[ $((n + three)) = 60 ] && [ "$busy" = "$three" ]; held "60 parallel sign-offs on one gate" $? "$n recorded, $three refused busy (exit 3)"
rm -f "$work"/err* "$work"/rc*

fresh; "$bin" --db "$work/a.db" export portfolio -o "$work/p.yaml" >/dev/null 2>&1; before=$(sha256sum < "$work/a.db")
python3 - "$work/p.yaml" <<'PY'
import sys
p = sys.argv[1]; t = open(p).read()
i = t.index("  - slug: hr-policy-bot\n"); k = t.index("    reviews:\n", i) + len("    reviews:\n")
open(p, "w").write(t[:k] + "      - {gate: G3, date: 2026-11-19, attendees: [Mallory], decision: go}\n" + t[k:])
PY
out=$("$bin" --db "$work/a.db" apply -f "$work/p.yaml" 2>&1); c=$?
[ $c = 2 ] && [ "$(sha256sum < "$work/a.db")" = "$before" ]; held "go over a reject, via apply" $? "exit $c: $(printf '%s' "$out" | head -1 | cut -c1-90)"
out=$("$bin" --db "$work/a.db" review --pilot hr-policy-bot --gate G3 --decision conditional --attendee Mallory --condition x 2>&1); c=$?
[ $c = 2 ]; held "conditional over a reject, via review" $? "exit $c: $(printf '%s' "$out" | head -1 | cut -c1-90)"

fresh; "$bin" --db "$work/a.db" export portfolio -o "$work/old.yaml" >/dev/null 2>&1
"$bin" --db "$work/a.db" review --pilot contract-review --gate G2 --decision conditional --attendee "Dana Ruiz" --condition "Clause library reviewed" >/dev/null 2>&1
"$bin" --db "$work/a.db" apply -f "$work/old.yaml" >/dev/null 2>&1
"$bin" --db "$work/a.db" export portfolio -o "$work/now.yaml" >/dev/null 2>&1
st=$(python3 -c "
import sys; t=open('$work/now.yaml').read(); i=t.index('  - slug: contract-review\n'); j=t.find('\n  - slug: ', i+1); b=t[i:j]
print('stage pilot' if '    stage: pilot\n' in b else 'stage moved back', '+ conditional kept' if 'decision: conditional' in b else '- conditional lost')")
case $st in "stage pilot + conditional kept") r=0 ;; *) r=1 ;; esac; held "older export applied over a later review and stage" $r "$st"

fresh; "$bin" --db "$work/a.db" verify --json > "$work/v.json"; seqhash=$(python3 -c "import json; v=json.load(open('$work/v.json')); print('%d:%s' % (v['head_seq'], v['head_hash']))")
sqlite3 "$work/a.db" "$unguard DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit); $reguard"
out=$("$bin" --db "$work/a.db" verify --anchor "$seqhash" 2>&1); c=$?
[ $c = 1 ]; held "newest entry cut, verify --anchor SEQ:HASH" $? "exit $c: $(printf '%s' "$out" | grep -m1 -i anchor | cut -c1-90)"
echo "missed: $missed"
[ "$missed" -eq 0 ]
