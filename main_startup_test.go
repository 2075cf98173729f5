package main

import (
	"os"
	"path/filepath"
	"runtime"
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
