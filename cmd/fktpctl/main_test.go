package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fktpdesk/pcare/pcaresim"
	"fktpdesk/version"
)

// ctl runs fktpctl in-process with the given environment.
func ctl(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &env{
		getenv: func(k string) string { return vars[k] },
		stdout: &out, stderr: &errb,
	})
	return code, out.String(), errb.String()
}

// simEnv starts the simulator on loopback and returns the environment that
// points fktpctl at it.
func simEnv(t *testing.T) (*pcaresim.Server, map[string]string) {
	t.Helper()
	srv, err := pcaresim.Start("127.0.0.1:0", pcaresim.Options{Seed: 7, Participants: 300})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c := srv.ClientConfig()
	return srv, map[string]string{
		"FKTP_PCARE_URL": c.BaseURL, "FKTP_CONS_ID": c.ConsID, "FKTP_CONS_SECRET": c.ConsSecret,
		"FKTP_USER_KEY": c.UserKey, "FKTP_PCARE_USER": c.Username, "FKTP_PCARE_PASS": c.Password,
		"FKTP_PPK": c.PPK,
	}
}

func one(t *testing.T, srv *pcaresim.Server, k pcaresim.Kind) pcaresim.ParticipantSummary {
	t.Helper()
	ps := srv.Participants(k, 1)
	if len(ps) == 0 {
		t.Fatalf("simulator has no %s participant", k)
	}
	return ps[0]
}

func TestPesertaEachKind(t *testing.T) {
	srv, env := simEnv(t)
	tests := []struct {
		kind pcaresim.Kind
		want []string
		not  []string
	}{
		{pcaresim.KindActiveHere, []string{"Status", "ACTIVE", "Registered FKTP"}, []string{"NOT ACTIVE", "ANOTHER FKTP"}},
		{pcaresim.KindActiveElsewhere, []string{"ACTIVE", "registered at ANOTHER FKTP"}, []string{"NOT ACTIVE"}},
		{pcaresim.KindInactivePBI, []string{"NOT ACTIVE", "PBI", "KIS"}, nil},
		{pcaresim.KindArrears, []string{"NOT ACTIVE", "Arrears", "Rp "}, nil},
		{pcaresim.KindDependent, []string{"Relationship"}, []string{"Relationship  Peserta"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			p := one(t, srv, tt.kind)
			code, out, errs := ctl(t, env, "peserta", "--noka", p.NoKartu)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(out, p.Nama) || !strings.Contains(out, p.NoKartu) {
				t.Fatalf("summary lacks name or card:\n%s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("summary lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("summary has %q:\n%s", n, out)
				}
			}
		})
	}
}

func TestPesertaByNIKAndJSON(t *testing.T) {
	srv, env := simEnv(t)
	p := one(t, srv, pcaresim.KindActiveHere)
	code, out, errs := ctl(t, env, "peserta", "--nik", p.NoKTP, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("--json is not JSON: %v\n%s", err, out)
	}
	// PCare's own field names, including the nested provider object.
	if v["noKartu"] != p.NoKartu || v["noKTP"] != p.NoKTP || v["nama"] != p.Nama {
		t.Fatalf("json %v", v)
	}
	if _, ok := v["kdProviderPst"].(map[string]any); !ok {
		t.Fatalf("kdProviderPst is not an object: %v", v["kdProviderPst"])
	}
}

func TestPesertaExitStatuses(t *testing.T) {
	srv, env := simEnv(t)
	p := one(t, srv, pcaresim.KindActiveHere)

	if code, _, errs := ctl(t, env, "peserta", "--noka", "0009999999999"); code != exitNotFound || !strings.Contains(errs, "GET peserta/0009******999: not found") {
		t.Errorf("unknown card: exit %d, %s", code, errs)
	}
	for _, args := range [][]string{
		{"peserta"},
		{"peserta", "--noka", "123"},
		{"peserta", "--nik", "12345678901234567"},
		{"peserta", "--noka", p.NoKartu, "--nik", p.NoKTP},
		{"peserta", "--bogus"},
		{"nosuchcommand"},
		{},
	} {
		if code, _, _ := ctl(t, env, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}

	wrong := clone(env)
	wrong["FKTP_CONS_SECRET"] = "not-the-secret"
	if code, _, errs := ctl(t, wrong, "peserta", "--noka", p.NoKartu); code != exitAuthConfig || !strings.Contains(errs, "credentials") {
		t.Errorf("wrong secret: exit %d, %s", code, errs)
	}
	missing := clone(env)
	delete(missing, "FKTP_USER_KEY")
	if code, _, errs := ctl(t, missing, "peserta", "--noka", p.NoKartu); code != exitAuthConfig || !strings.Contains(errs, "FKTP_USER_KEY") {
		t.Errorf("missing user key: exit %d, %s", code, errs)
	}
	// A flag overrides the environment.
	if code, _, errs := ctl(t, wrong, "peserta", "--noka", p.NoKartu, "--cons-secret", env["FKTP_CONS_SECRET"]); code != exitOK {
		t.Errorf("flag did not override the environment: exit %d, %s", code, errs)
	}

	// Down: an outage, then a closed port.
	f := srv.Faults()
	f.Outage = true
	srv.SetFaults(f)
	if code, _, errs := ctl(t, env, "peserta", "--noka", p.NoKartu, "--timeout", "2s"); code != exitUnreachable {
		t.Errorf("outage: exit %d, %s", code, errs)
	}
	f.Outage = false
	srv.SetFaults(f)
	srv.Close()
	if code, _, errs := ctl(t, env, "peserta", "--noka", p.NoKartu, "--timeout", "1s"); code != exitUnreachable || !strings.Contains(errs, "unreachable") {
		t.Errorf("closed: exit %d, %s", code, errs)
	}
}

func TestPesertaTimeout(t *testing.T) {
	srv, env := simEnv(t)
	p := one(t, srv, pcaresim.KindActiveHere)
	f := srv.Faults()
	f.LatencyMS = 2000
	srv.SetFaults(f)
	start := time.Now()
	code, _, errs := ctl(t, env, "peserta", "--noka", p.NoKartu, "--timeout", "100ms")
	if code != exitUnreachable {
		t.Fatalf("slow PCare: exit %d, %s", code, errs)
	}
	if time.Since(start) > 1900*time.Millisecond {
		t.Fatal("the timeout was not honoured")
	}
}

func clone(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestVersion(t *testing.T) {
	want := "fktpctl " + version.String() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := ctl(t, nil, args...)
		if code != exitOK || out != want {
			t.Errorf("%v: exit %d, output %q, want %q", args, code, out, want)
		}
	}
	if code, _, _ := ctl(t, nil, "version", "extra"); code != exitUsage {
		t.Errorf("version with an argument: exit %d", code)
	}
}
