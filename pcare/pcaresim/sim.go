// Package pcaresim is a stand-in for BPJS Kesehatan's PCare bridging web
// service: the same paths, headers, signature, encrypted and LZ-compressed
// answers, status codes and business rules as the real service (as far as
// they are publicly known, see shared/spec/pcare-protocol.md), over
// deterministic synthetic participants and reference lists.
//
// Tests, benchmarks and the desktop app's training mode run against it,
// in-process (Handler, Start) or as the pcare-sim command. It can also
// misbehave on demand (latency, error statuses, HTML pages, connection
// resets, outages, and a write that is stored but never answered), which is
// what an outbox and its reconciliation must survive.
//
// Everything it serves is synthetic: no real participant, facility or
// doctor is in it. It must never be pointed at, or mistaken for, PCare.
package pcaresim

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"fktpdesk/pcare"
)

// Credentials are what a client needs to pass the simulator's checks. They
// mirror what BPJS issues to one FKTP.
type Credentials struct {
	ConsID     string // X-cons-id
	ConsSecret string // HMAC key and part of the response key
	UserKey    string // user_key
	Username   string // PCare web login, in X-authorization
	Password   string
	KdAplikasi string // "095" for PCare
	PPK        string // the clinic's own 8-character provider code
}

// DefaultCredentials are the simulator's well-known training credentials.
func DefaultCredentials() Credentials {
	return Credentials{
		ConsID:     "1234",
		ConsSecret: "sim-secret",
		UserKey:    "sim-user-key",
		Username:   "klinik",
		Password:   "latihan",
		KdAplikasi: pcare.DefaultKdAplikasi,
		PPK:        "0114U163",
	}
}

// Options configure a Sim. Zero values take the documented defaults.
type Options struct {
	Credentials  Credentials
	Seed         int64            // data seed, default 1
	Participants int              // number of participants, default 2000
	MaxSkew      time.Duration    // X-timestamp tolerance, default 5 min
	StatePath    string           // "" keeps state in memory only; else a journal file
	Now          func() time.Time // default time.Now; drives today, skew checks, numbering, the Date header
	// NotActivated: the PCare service is not activated for these
	// credentials (or the user key is for another BPJS service). Correct
	// credentials then get PCare's 404 "not registered for this service"
	// on every path, as the gateway answers such a consumer.
	NotActivated bool
	// ClinicName is the clinic's name as PCare knows it, on referral
	// details and provider fields; default KLINIK PRATAMA SIMULASI SEHAT.
	// The app's training mode passes the clinic's own name (and PPK).
	ClinicName string
	Faults     Faults
	Logger     *slog.Logger // default: discard
}

// Kind is a kind of synthetic participant.
type Kind string

// Participant kinds. Every participant has exactly one.
const (
	KindActiveHere      Kind = "active-here"      // active, registered at this clinic
	KindActiveElsewhere Kind = "active-elsewhere" // active, registered at another FKTP
	KindInactivePBI     Kind = "inactive-pbi"     // PBI (state-paid) whose membership was stopped
	KindArrears         Kind = "arrears"          // self-paying, inactive because of unpaid contributions
	KindDependent       Kind = "dependent"        // active family member (Istri, Suami, Anak) here
)

// Kinds lists the participant kinds in a stable order.
var Kinds = []Kind{KindActiveHere, KindActiveElsewhere, KindInactivePBI, KindArrears, KindDependent}

// ParticipantSummary identifies a participant for a test or a trainer.
type ParticipantSummary struct {
	NoKartu string `json:"noKartu"`
	NoKTP   string `json:"noKTP"`
	Nama    string `json:"nama"`
	Kind    Kind   `json:"kind"`
}

// Write is one accepted write, as the simulator logged it. Kind is one of
// pendaftaran, kunjungan, edit-kunjungan, tindakan, edit-tindakan, obat,
// delete-pendaftaran, delete-kunjungan, delete-tindakan, delete-obat.
// Remote is the number the simulator handed out (noUrut, noKunjungan,
// kdTindakanSK, kdObatSK) or, for a delete, the one removed.
type Write struct {
	Kind      string    `json:"kind"`
	NoKartu   string    `json:"noKartu"`
	TglDaftar string    `json:"tglDaftar"`
	KdPoli    string    `json:"kdPoli"`
	Remote    string    `json:"remote"`
	At        time.Time `json:"at"`
}

// Sim is the simulated PCare service. It is safe for concurrent use.
type Sim struct {
	creds        Credentials
	maxSkew      time.Duration
	notActivated bool // every authenticated call answers 404 not registered
	now          func() time.Time
	log          *slog.Logger

	data *dataset // immutable after New
	refs *refs    // immutable after New

	faults *faultState

	mu      sync.Mutex
	st      *state
	journal *journal // nil when memory only

	handler http.Handler
}

// New builds the participants and reference data from the seed, replays the
// state file if there is one, and returns a ready simulator.
func New(opts Options) (*Sim, error) {
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = DefaultCredentials()
	}
	c := opts.Credentials
	if c.KdAplikasi == "" {
		c.KdAplikasi = pcare.DefaultKdAplikasi
	}
	if c.ConsID == "" || c.ConsSecret == "" || c.UserKey == "" || c.Username == "" || c.Password == "" {
		return nil, errors.New("pcaresim: credentials need a consumer ID, secret, user key, username and password")
	}
	if len(c.PPK) != 8 {
		// The PPK is the first 8 characters of every noKunjungan.
		return nil, fmt.Errorf("pcaresim: PPK %q must be 8 characters", c.PPK)
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Participants <= 0 {
		opts.Participants = 2000
	}
	if opts.MaxSkew <= 0 {
		opts.MaxSkew = 5 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Sim{
		creds:        c,
		maxSkew:      opts.MaxSkew,
		notActivated: opts.NotActivated,
		now:          opts.Now,
		log:          opts.Logger,
		st:           newState(),
	}
	s.refs = buildRefs(c.PPK, opts.ClinicName)
	s.data = generate(opts.Seed, opts.Participants, s.refs)
	s.faults = newFaultState(opts.Faults)
	if opts.StatePath != "" {
		j, err := openJournal(opts.StatePath, s.st)
		if err != nil {
			return nil, err
		}
		s.journal = j
	}
	s.handler = s.routes()
	return s, nil
}

// Handler serves PCare under /pcare-rest/ and the control API under /_sim/.
func (s *Sim) Handler() http.Handler { return s.handler }

// Credentials returns the credentials the simulator accepts.
func (s *Sim) Credentials() Credentials { return s.creds }

// Participants returns up to limit participants of a kind in a stable order
// (every kind when kind is ""; all of them when limit <= 0).
func (s *Sim) Participants(kind Kind, limit int) []ParticipantSummary {
	var out []ParticipantSummary
	for _, p := range s.data.list {
		if kind != "" && p.kind != kind {
			continue
		}
		if limit > 0 && len(out) >= limit {
			break
		}
		out = append(out, ParticipantSummary{NoKartu: p.NoKartu, NoKTP: string(p.NoKTP), Nama: p.Nama, Kind: p.kind})
	}
	return out
}

// Writes returns a copy of the log of accepted writes, oldest first.
func (s *Sim) Writes() []Write {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Write(nil), s.st.writes...)
}

// Reset forgets every registration, visit, procedure, drug and logged write
// (and empties the state file). Participants and faults stay as they are.
func (s *Sim) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState()
	if s.journal != nil {
		return s.journal.truncate()
	}
	return nil
}

// Close flushes and closes the state file. The Sim must not be used after.
func (s *Sim) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal == nil {
		return nil
	}
	err := s.journal.close()
	s.journal = nil
	return err
}
