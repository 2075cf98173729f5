package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// The clipboard program is looked for on the first paste, not when the
// process starts (internal/clipboard, the patched atotto/clipboard that
// bubbles' text inputs paste with): every ringside command, `--version`
// included, used to search $PATH for six programs before main ran.
//
// The only clipboard program here is an xsel that appears on $PATH after
// the process started. Searched at start-up (upstream's init), the test
// process would have found the machine's xclip, which is not on this
// $PATH, or nothing at all, and ctrl+v would fail. The search runs once a
// process, so no other test of package main may paste before this one.
func TestClipboardIsLookedUpOnFirstPaste(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the program search is the Unix one")
	}
	dir := t.TempDir()
	script := "#!/bin/sh\nprintf 'pasted from xsel'\n"
	if err := os.WriteFile(filepath.Join(dir, "xsel"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("WAYLAND_DISPLAY", "")

	in := textinput.New()
	in.Focus()
	in, cmd := in.Update(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+v returned no command")
	}
	in, _ = in.Update(cmd())
	if got := in.Value(); got != "pasted from xsel" {
		t.Errorf("ctrl+v pasted %q, want %q", got, "pasted from xsel")
	}
}

// No reachable function may call reflect's Method or MethodByName with a
// computed name: when one does (text/template's executor, and so
// html/template's, did), the linker can no longer tell which methods are
// used and keeps every exported method of every type in the program. That
// cost 2.8 MB of text and 20 page faults on every start, --version
// included. The linker marks such functions <ReflectMethod> in its
// -dumpdep output, which lists only what it kept.
func TestLinkerDropsUnusedMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("links the binary")
	}
	out, err := exec.Command("go", "build", "-ldflags=-dumpdep", "-o", filepath.Join(t.TempDir(), "ringside"), ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%.2000s", err, out)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if i := strings.Index(line, " <ReflectMethod>"); i >= 0 {
			from := line[:i]
			if j := strings.LastIndex(from, "-> "); j >= 0 {
				from = from[j+3:]
			}
			seen[from] = true
		}
	}
	if len(seen) > 0 {
		t.Errorf("the binary keeps every exported method: these reachable functions call reflect's Method or MethodByName with a computed name: %v", slices.Sorted(maps.Keys(seen)))
	}
	if !strings.Contains(string(out), "main.main") {
		t.Errorf("go build -ldflags=-dumpdep printed no dependency graph:\n%.2000s", out)
	}
}
