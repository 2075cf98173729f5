#!/usr/bin/env python3
# Usage: bench/scripts/phase_marks.py WORKTREE
# Writes a throwaway phase trace into a git worktree of ringside: with
# RS_MARKS=1 in its environment, the build prints "MARK <unix ns> <phase>"
# to stderr at each step of `health` (main, the store opened, the page lock,
# the judged load's walk and check, the first pilot out, the load done,
# the output flushed, exit). Read the marks with bench/scripts/phases.py.
# Never commit the worktree it changed: make one for it
# (git worktree add --detach /tmp/marks REV), build, measure, remove it.
# It fails (AssertionError) where the code it marks has moved on: mend the
# patterns below.
import sys,os
root=sys.argv[1]
os.makedirs(root+'/internal/marks',exist_ok=True)
open(root+'/internal/marks/marks.go','w').write('''package marks

import (
	"fmt"
	"os"
	"time"
)

var on = os.Getenv("RS_MARKS") != ""

func Mark(s string) {
	if on {
		fmt.Fprintf(os.Stderr, "MARK %d %s\\n", time.Now().UnixNano(), s)
	}
}
''')
def ed(path, pairs):
    p=root+'/'+path; s=open(p).read()
    for a,b in pairs:
        assert a in s, (path,a)
        s=s.replace(a,b,1)
    if '"ringside/internal/marks"' not in s:
        s=s.replace('import (\n','import (\n\t"ringside/internal/marks"\n',1)
    open(p,'w').write(s)
ed('store/judged_pages.go',[('\tif err := walkTables(src, tables); err != nil {','\tmarks.Mark("walk start")\n\tif err := walkTables(src, tables); err != nil {'),
 ('\tpilots, rings, kpis, keys, err := checkJudged(tables)','\tmarks.Mark("walk done")\n\tpilots, rings, kpis, keys, err := checkJudged(tables)\n\tmarks.Mark("check done")'),
 ('\tfor _, pr := range pilots {','\tdefer marks.Mark("load done")\n\tfor _, pr := range pilots {')])
ed('store/judged_file.go',[('\tps, release, err := s.sharePageScan(ctx)','\tmarks.Mark("lock start")\n\tps, release, err := s.sharePageScan(ctx)\n\tmarks.Mark("locked")'),
 ('\ttables := at.tables\n','\tmarks.Mark("schema check")\n\ttables := at.tables\n')])
ed('cmd_health.go',[('\tap, err := a.openApp()','\tmarks.Mark("health run")\n\tap, err := a.openApp()\n\tmarks.Mark("opened")'),
 ('\tif err := out.Flush(); err != nil {','\tmarks.Mark("emitted")\n\terr = out.Flush()\n\tmarks.Mark("flushed")\n\tif err != nil {'),
 ('\t\tout.Write(v.Out)\n','\t\tif n == 1 {\n\t\t\tmarks.Mark("first emit")\n\t\t}\n\t\tout.Write(v.Out)\n')])
ed('main.go',[('func main() {\n','func main() {\n\tmarks.Mark("main")\n'),('\tos.Exit(run(now, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, setGCPercent))','\tc := run(now, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, setGCPercent)\n\tmarks.Mark("exit")\n\tos.Exit(c)')])
print("marks applied")
