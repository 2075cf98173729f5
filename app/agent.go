package app

import (
	"fmt"
	"net"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"ringside/model"
)

// Agent is a connection to a running ssh-agent and the keys it holds: what
// `ringside signoff --agent` and the cockpit's review sign through, both
// with Sign and Agent.With (one signing path).
type Agent struct {
	conn    net.Conn
	Signers []ssh.Signer
}

// DialAgent reaches the ssh-agent listening at sock (SSH_AUTH_SOCK) and
// lists its keys; a SignatureError says why it cannot.
func DialAgent(sock string) (*Agent, error) {
	if sock == "" {
		return nil, sigErr("no ssh-agent is running here (SSH_AUTH_SOCK is not set)")
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, sigErr("cannot reach the ssh-agent at %s: %v", model.Line(sock), err)
	}
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		conn.Close()
		return nil, sigErr("the ssh-agent did not list its keys: %v", err)
	}
	return &Agent{conn: conn, Signers: signers}, nil
}

// With signs a sign-off with the agent's key that is the role owner's
// (SignRequest.With); the agent must stay open until Sign returns.
func (a *Agent) With() *SignWith { return &SignWith{Agent: a.Signers} }

// Close ends the connection to the agent.
func (a *Agent) Close() error { return a.conn.Close() }

// AgentKeyFor says whether the ssh-agent at sock holds the key of the role
// owner of p: the key's fingerprint when it does, else why not, in one
// line (no agent, the agent unreachable, the owner without a key, the
// agent without the owner's key). It reaches the agent: run it off the
// cockpit's Update, in a tea.Cmd.
func AgentKeyFor(sock string, p *model.Pilot, role model.Role) (fingerprint, why string) {
	pub, err := OwnerKey(p, role)
	if err != nil {
		return "", fmt.Sprintf("%s has no SSH key in the portfolio file (owners: {%s: {name: …, key: …}})", model.Line(p.Owners[role]), role)
	}
	ag, err := DialAgent(sock)
	if err != nil {
		return "", err.Error()
	}
	defer ag.Close()
	want := ssh.FingerprintSHA256(pub)
	for _, s := range ag.Signers {
		if ssh.FingerprintSHA256(s.PublicKey()) == want {
			return want, ""
		}
	}
	return "", fmt.Sprintf("the ssh-agent lacks %s's key %s (ssh-add it)", model.Line(p.Owners[role]), want)
}
