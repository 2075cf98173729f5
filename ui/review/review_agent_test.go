package review

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringside/app"
	"ringside/exporters"
	"ringside/internal/uitest"
	"ringside/model"
	"ringside/store"
	"ringside/ui/common"
)

// sshKeygen runs the real ssh-keygen (openssh-client, installed by .ci/run).
func sshKeygen(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("ssh-keygen", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// startAgent runs a real ssh-agent on a socket of its own and returns the
// socket and a function that ssh-adds a key to it.
func startAgent(t *testing.T) (sock string, add func(key string)) {
	t.Helper()
	short, err := os.MkdirTemp("", "ag") // a unix socket path must be short
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(short) })
	sock = filepath.Join(short, "s")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatalf("ssh-agent: %v", err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return sock, func(key string) {
		t.Helper()
		cmd := exec.Command("ssh-add", "-q", key)
		cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ssh-add: %v %s", err, out)
		}
	}
}

// securitySignoffs are claims-triage's stored G3 security sign-offs.
func securitySignoffs(t *testing.T, s *store.Store) []model.Signoff {
	var out []model.Signoff
	for _, so := range uitest.MustPilot(t, s, "claims-triage").Signoffs {
		if so.Gate == model.GateG3 && so.Role == model.RoleSecurity {
			out = append(out, so)
		}
	}
	return out
}

// The review's sign-off step signs through the ssh-agent when it holds the
// role owner's key, with the same use case as signoff --agent: the
// exported bundle then verifies with ssh-keygen -Y verify alone. Without
// an agent, or with an agent lacking the owner's key, the step says so in
// one line and records unsigned.
func TestReviewSignsThroughTheSSHAgent(t *testing.T) {
	s := uitest.OpenDemo(t)
	dir := t.TempDir()
	lee, eve := filepath.Join(dir, "lee"), filepath.Join(dir, "eve")
	sshKeygen(t, "-q", "-t", "ed25519", "-N", "", "-C", "lee", "-f", lee)
	sshKeygen(t, "-q", "-t", "ed25519", "-N", "", "-C", "eve", "-f", eve)
	pub, _ := os.ReadFile(lee + ".pub")
	fp := strings.Fields(sshKeygen(t, "-l", "-E", "sha256", "-f", lee+".pub"))[1]
	ctx := context.Background()
	if _, err := app.New(s, nil).UpdatePilot(ctx, app.Change{Actor: "test"}, "claims-triage", func(p *model.Pilot) error {
		p.OwnerKeys = map[model.Role]string{model.RoleSecurity: strings.TrimSpace(string(pub))}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sock, add := startAgent(t)
	open := func(sock string) *uitest.Driver {
		t.Helper()
		d := uitest.New(t, common.Options{App: app.New(s, nil), Now: func() time.Time { return meetingClock }, ExportDir: t.TempDir(), AgentSocket: sock}, 140, 22)
		d.Open(New(d.C, "claims-triage", model.GateG3))
		d.Keys("space", "S", "left", "left")
		d.Must("Sign-offs in the room")
		d.Keys("down", "down", "down", "s")
		d.Must("Sign-off of G3 as security")
		return d
	}
	sign := func(d *uitest.Driver, extra ...string) {
		t.Helper()
		d.Keys("enter", "enter")
		d.Type("Security controls verified")
		d.Keys(append([]string{"enter", "enter"}, extra...)...)
	}

	// No agent: one line says so; the sign-off records unsigned.
	d := open("")
	d.Must("recorded unsigned: no ssh-agent is running here (SSH_AUTH_SOCK is not set)")
	d.Keys("esc")

	// An agent without Lee Park's key: said in one line, recorded unsigned.
	add(eve)
	d = open(sock)
	d.Must("recorded unsigned: the ssh-agent lacks Lee Park's key "+fp, "(ssh-add it)")
	if strings.Contains(d.Screen(), "with agent key") {
		t.Fatalf("signing with the agent offered without the owner's key:\n%s", d.Screen())
	}
	sign(d)
	if got := securitySignoffs(t, s); len(got) != 1 || got[0].Signature != "" {
		t.Fatalf("after an unsigned sign-off: %+v", got)
	}

	// The agent holds Lee Park's key: the step offers it, and signs.
	add(lee)
	d = open(sock)
	d.Must("sign with agent key "+fp+" (the owner's, held by the ssh-agent)", "Sign      [with agent key] unsigned")
	sign(d, "enter")
	if !strings.Contains(d.Status, "security approve by Lee Park, signed with the agent's key") {
		t.Errorf("status after signing = %q", d.Status)
	}
	got := securitySignoffs(t, s)
	if len(got) != 2 || got[1].Signature == "" || got[1].OnBehalf {
		t.Fatalf("after signing with the agent: %+v", got)
	}
	if err := app.VerifySignoff(&[]model.Pilot{uitest.MustPilot(t, s, "claims-triage")}[0], got[1]); err != nil {
		t.Errorf("the stored signature does not verify: %v", err)
	}

	// The bundle verifies with ssh-keygen alone.
	c, signed, err := app.New(s, nil).Bundle(ctx, "claims-triage", model.GateG3, uitest.DemoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "evidence")
	if _, err := exporters.WriteBundle(out, c, signed); err != nil {
		t.Fatal(err)
	}
	stmts, _ := filepath.Glob(filepath.Join(out, "*-security.txt"))
	if len(stmts) != 1 {
		t.Fatalf("want one security statement in the bundle, got %v", stmts)
	}
	stmt, err := os.Open(stmts[0])
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	verify := exec.Command("ssh-keygen", "-Y", "verify", "-f", filepath.Join(out, "allowed_signers"), "-I", "Lee Park", "-n", "ringside-signoff", "-s", stmts[0]+".sig")
	verify.Stdin = stmt
	if b, err := verify.CombinedOutput(); err != nil || !strings.Contains(string(b), "Good \"ringside-signoff\" signature for Lee Park") {
		t.Errorf("ssh-keygen -Y verify of the cockpit's signature: %v\n%s", err, b)
	}
}
