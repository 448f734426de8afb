package main

import (
	"strings"
	"testing"

	"fktpdesk/pcare/pcaresim"
)

func TestCheckOnlineThenOffline(t *testing.T) {
	srv, env := simEnv(t)
	env["FKTP_DATA"] = t.TempDir()
	p := one(t, srv, pcaresim.KindInactivePBI)

	code, out, errs := ctl(t, env, "check", "--noka", p.NoKartu)
	if code != exitOK || !strings.Contains(out, "NOT ACTIVE") || !strings.Contains(out, "Dinas Sosial") || strings.Contains(out, "OFFLINE") {
		t.Fatalf("online check: exit %d\n%s%s", code, out, errs)
	}
	f := srv.Faults()
	f.Outage = true
	srv.SetFaults(f)
	code, out, errs = ctl(t, env, "check", "--noka", p.NoKartu, "--timeout", "1s")
	if code != exitOK || !strings.Contains(out, "OFFLINE") || !strings.Contains(out, "NOT VERIFIED") || !strings.Contains(out, p.Nama) {
		t.Fatalf("offline check: exit %d\n%s%s", code, out, errs)
	}
	other := srv.Participants(pcaresim.KindActiveHere, 1)[0]
	if code, _, errs := ctl(t, env, "check", "--noka", other.NoKartu, "--timeout", "1s"); code != exitUnreachable {
		t.Fatalf("offline, never seen: exit %d %s", code, errs)
	}
	if code, _, _ := ctl(t, env, "check", "--noka", "12"); code != exitUsage {
		t.Fatalf("bad number: exit %d", code)
	}
	// Each check is in the audit trail, in fktpctl's name, for that card.
	code, out, _ = ctl(t, env, "audit", "list", "--action", "eligibility.check", "--patient", p.NoKartu)
	if code != exitOK || strings.Count(out, "fktpctl:") != 2 {
		t.Fatalf("audit of the two checks of %s: exit %d\n%s", p.NoKartu, code, out)
	}
}

func TestRegisterQueueSearchSync(t *testing.T) {
	srv, env := simEnv(t)
	env["FKTP_DATA"] = t.TempDir()
	p := one(t, srv, pcaresim.KindActiveHere)

	code, out, errs := ctl(t, env, "register", "--noka", p.NoKartu, "--poli", "001", "--keluhan", "batuk", "--sistole", "130", "--diastole", "85")
	if code != exitOK || !strings.Contains(out, "queue number A") {
		t.Fatalf("register: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = ctl(t, env, "queue")
	if code != exitOK || !strings.Contains(out, p.Nama) || !strings.Contains(out, "sent") {
		t.Fatalf("queue: exit %d\n%s", code, out)
	}
	// A poli PCare does not know: stored, refused, and said so plainly.
	other := srv.Participants(pcaresim.KindActiveHere, 3)[2]
	code, out, _ = ctl(t, env, "register", "--noka", other.NoKartu, "--poli", "099")
	if code != exitFailure || !strings.Contains(out, "PCare refused it") || !strings.Contains(out, "Perbaiki") {
		t.Fatalf("refused registration: exit %d\n%s", code, out)
	}
	word := strings.Fields(p.Nama)[0]
	code, out, _ = ctl(t, env, "patients", "search", strings.ToLower(word[:3]))
	if code != exitOK || !strings.Contains(out, p.NoKartu) {
		t.Fatalf("search %q: exit %d\n%s", word[:3], code, out)
	}
	code, out, _ = ctl(t, env, "patients", "history", p.NoKartu)
	if code != exitOK || !strings.Contains(out, "1 visit(s)") || !strings.Contains(out, "POLI UMUM") || !strings.Contains(out, "batuk") {
		t.Fatalf("history: exit %d\n%s", code, out)
	}
	if code, _, _ := ctl(t, env, "patients", "search", "zzzzqqq"); code != exitNotFound {
		t.Fatalf("search miss: exit %d", code)
	}

	// A second patient while PCare is down: stored, left unsent, sync says so.
	f := srv.Faults()
	f.Outage = true
	srv.SetFaults(f)
	q := srv.Participants(pcaresim.KindActiveHere, 2)[1]
	// Known to the store first, so the offline check has an answer to use.
	f.Outage = false
	srv.SetFaults(f)
	ctl(t, env, "check", "--noka", q.NoKartu)
	f.Outage = true
	srv.SetFaults(f)
	code, out, errs = ctl(t, env, "register", "--noka", q.NoKartu, "--poli", "001", "--timeout", "1s")
	if code != exitOK || !strings.Contains(out, "UNVERIFIED") || !strings.Contains(out, "waiting to be sent") {
		t.Fatalf("register offline: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := ctl(t, env, "sync", "--timeout", "1s"); code == exitOK || !strings.Contains(out, "Left unsent: 2 (pending 1, to reconcile 0, needs correction 1)") {
		t.Fatalf("sync during outage: exit %d\n%s", code, out)
	}
	// One record waits for a person (the refused poli): outbox says so by
	// its exit status, for schedulers.
	if code, out, _ := ctl(t, env, "outbox"); code != exitFailure || !strings.Contains(out, "pendaftaran") || !strings.Contains(out, "kdPoli") {
		t.Fatalf("outbox during outage: exit %d\n%s", code, out)
	}
	if code, _, _ := ctl(t, env, "outbox", "--state", "bogus"); code != exitUsage {
		t.Fatalf("bad state: exit %d", code)
	}
	f.Outage = false
	srv.SetFaults(f)
	// The worker backs off after a failure; sync honours the wait, so the
	// item is due only later. Prove nothing was duplicated meanwhile.
	n := 0
	for _, w := range srv.Writes() {
		if w.NoKartu == q.NoKartu {
			n++
		}
	}
	if n != 0 {
		t.Fatalf("%d writes reached PCare during the outage", n)
	}
}

func TestSeed(t *testing.T) {
	env := map[string]string{"FKTP_DATA": t.TempDir()}
	code, out, errs := ctl(t, env, "seed", "--patients", "500")
	if code != exitOK || !strings.Contains(out, "Added 500") {
		t.Fatalf("seed: exit %d %s%s", code, out, errs)
	}
	if code, out, _ := ctl(t, env, "patients", "search", "RM-000500"); code != exitOK || !strings.Contains(out, "RM-000500") {
		t.Fatalf("seeded record not found: %d\n%s", code, out)
	}
	if code, _, _ := ctl(t, env, "seed", "--patients", "0"); code != exitUsage {
		t.Fatalf("seed 0: exit %d", code)
	}
}
