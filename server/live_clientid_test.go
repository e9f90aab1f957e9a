package server_test

import "testing"

// A client id is the sender's own: a reader who copies an editor's client id
// from the peers list must not disconnect that editor.
func TestLiveClientIDOfAnotherUserDoesNotReplace(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner, other := env.signup("vera"), env.signup("mallory")
	id := owner.createResource(map[string]any{"content": "abc", "visibility": "public"})

	ed, _ := dialLive(t, env.URL, owner.token, id, "tab-7", -1)
	ed.until("snapshot")
	// An anonymous reader and another signed-in user take the same client id.
	anon, _ := dialLive(t, env.URL, "", id, "tab-7", -1)
	anon.until("snapshot")
	mal, _ := dialLive(t, env.URL, other.token, id, "tab-7", -1)
	mal.until("snapshot")

	// The editor is still connected and its op is applied.
	ed.sendOp(0, 1, `[3,"d"]`)
	if ack := ed.until("ack"); ack.Version != 1 {
		t.Fatalf("editor ack after others took its client id: %+v", ack)
	}
	if text, _ := owner.liveText(id); text != "abcd" {
		t.Fatalf("text %q", text)
	}
}

// Idempotent resends are keyed by (user, client, seq): a co-editor who sends
// an op under the victim's client id and next seq must not make the victim's
// op "acknowledged" without being applied.
func TestLiveCoEditorCannotPreemptAnotherUsersSeq(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	victim, attacker := env.signup("wanda"), env.signup("eve")
	id := victim.createResource(map[string]any{"content": "abc"})
	victim.share(id, attacker.handle(), "editor")

	ev, _ := dialLive(t, env.URL, attacker.token, id, "victim-tab", -1)
	ev.until("snapshot")
	ev.sendOp(0, 1, `[3,"!"]`)
	if ack := ev.until("ack"); ack.Version != 1 {
		t.Fatalf("attacker ack: %+v", ack)
	}

	v, _ := dialLive(t, env.URL, victim.token, id, "victim-tab", 1)
	v.sendOp(1, 1, `[4," mine"]`)
	if ack := v.until("ack"); ack.Version != 2 {
		t.Fatalf("victim's op acknowledged as version %d, not applied as version 2", ack.Version)
	}
	if text, ver := victim.liveText(id); text != "abc! mine" || ver != 2 {
		t.Fatalf("victim's acknowledged edit lost: %q v%d", text, ver)
	}
	// Resending it is still idempotent for its owner.
	v.sendOp(1, 1, `[4," mine"]`)
	if ack := v.until("ack"); ack.Version != 2 {
		t.Fatalf("resend ack: %+v", ack)
	}
	if text, _ := victim.liveText(id); text != "abc! mine" {
		t.Fatalf("resend applied twice: %q", text)
	}
}
