package access

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// User is a local account.
type User struct {
	ID       int64
	Username string // unique, case-insensitive
	Name     string // as printed on records, e.g. "dr. Sari Wulandari"
	Roles    []Role
	Disabled bool

	PasswordHash    string    // PHC argon2id; never leaves the store but for checking
	Failed          int       // consecutive failed sign-ins
	LockedUntil     time.Time // zero when not locked
	CreatedAt       time.Time
	PasswordChanged time.Time
}

// Principal is the user as the rest of the app sees it.
func (u User) Principal() Principal {
	return Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Roles: slices.Clone(u.Roles)}
}

// Store keeps the accounts.
type Store interface {
	// CountUsers returns how many accounts exist (disabled ones too).
	CountUsers(ctx context.Context) (int, error)
	// UserByName returns the account (case-insensitive); an error whose
	// ErrorCode is ENOTFOUND when there is none.
	UserByName(ctx context.Context, username string) (User, error)
	// UserByID is the same by id.
	UserByID(ctx context.Context, id int64) (User, error)
	// Users lists every account by username.
	Users(ctx context.Context) ([]User, error)
	// AddUser stores u and sets u.ID; ECONFLICT when the username is
	// taken. When onlyFirst is set it fails with ECONFLICT unless there is
	// no account yet, checked in the same transaction (so two first starts
	// cannot both create an admin).
	AddUser(ctx context.Context, u *User, onlyFirst bool) error
	// UpdateUser saves every field of u.
	UpdateUser(ctx context.Context, u User) error
	// RecordSignIn saves the outcome of a password check: the failure
	// count and lock (both zero after a success).
	RecordSignIn(ctx context.Context, id int64, failed int, lockedUntil time.Time) error
}

// NewUser is what an admin (or the set-up) fills in for an account.
type NewUser struct {
	Username string
	Name     string
	Roles    []Role
	Password string
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// Validate checks a new account's fields (not the password's strength).
func (n *NewUser) Validate() error {
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	n.Name = strings.TrimSpace(n.Name)
	switch {
	case !usernameRE.MatchString(n.Username):
		return errorf(EINVALID, "Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf atau angka.")
	case n.Name == "":
		return errorf(EINVALID, "Nama lengkap wajib diisi.")
	case len(n.Roles) == 0:
		return errorf(EINVALID, "Pilih setidaknya satu peran.")
	}
	for _, r := range n.Roles {
		if !slices.Contains(Roles, r) {
			return errorf(EINVALID, "Peran %q tidak dikenal.", r)
		}
	}
	return nil
}

// Service is the accounts' use cases: first set-up, signing in, and the
// admin's account work. It is safe for concurrent use.
type Service struct {
	Store Store
	// Guard records the account actions in the audit trail and checks the
	// admin role for the admin's methods. Required.
	Guard *Guard
	// Params hash new passwords (DefaultParams when zero).
	Params Params
	// OnPassword is told every password a person sets (set: set-up, new
	// account, reset, change) or proves (sign-in, unlock), with the user's
	// id, while it is known: the credential vault keeps one key slot per
	// user with it. An error fails the operation.
	OnPassword func(ctx context.Context, userID int64, password string, set bool) error
	// OnDisabled is told when an account is disabled: its vault slot goes.
	OnDisabled func(ctx context.Context, userID int64) error
	Now        func() time.Time

	dummyOnce sync.Once
	dummy     string
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) params() Params {
	if s.Params == (Params{}) {
		return DefaultParams
	}
	return s.Params
}

// NeedsSetup reports whether no account exists yet: the first start.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := s.Store.CountUsers(ctx)
	return n == 0, err
}

// Setup creates the first account, an admin (whatever other roles it is
// given), and returns it signed in. ECONFLICT once any account exists.
func (s *Service) Setup(ctx context.Context, n NewUser) (Principal, error) {
	if !slices.Contains(n.Roles, Admin) {
		n.Roles = append([]Role{Admin}, n.Roles...)
	}
	u, err := s.create(ctx, n, true)
	if err != nil {
		return Principal{}, err
	}
	p := u.Principal()
	s.Guard.record(WithPrincipal(ctx, p), ActUserAdd, "", "set-up: "+u.Username+" ("+JoinRoles(u.Roles)+")", OutcomeOK)
	return p, nil
}

// AddUser creates an account (admin only).
func (s *Service) AddUser(ctx context.Context, n NewUser) (User, error) {
	if err := s.admin(ctx, ActUserAdd); err != nil {
		return User{}, err
	}
	u, err := s.create(ctx, n, false)
	if err != nil {
		return User{}, err
	}
	s.Guard.record(ctx, ActUserAdd, "", u.Username+" ("+JoinRoles(u.Roles)+")", OutcomeOK)
	return u, nil
}

func (s *Service) create(ctx context.Context, n NewUser, first bool) (User, error) {
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	if err := CheckStrength(n.Password, n.Username, n.Name); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(n.Password, s.params())
	if err != nil {
		return User{}, err
	}
	now := s.now()
	u := User{Username: n.Username, Name: n.Name, Roles: n.Roles, PasswordHash: hash, CreatedAt: now, PasswordChanged: now}
	if err := s.Store.AddUser(ctx, &u, first); err != nil {
		return User{}, err
	}
	if err := s.tell(ctx, u.ID, n.Password, true); err != nil {
		return User{}, err
	}
	return u, nil
}

func (s *Service) tell(ctx context.Context, id int64, pw string, set bool) error {
	if s.OnPassword == nil {
		return nil
	}
	return s.OnPassword(ctx, id, pw, set)
}

// SignIn checks a username and password and returns the principal. Unknown
// names and wrong passwords get the same answer (EBADLOGIN) and cost the
// same time; a locked account (ELOCKED) is not checked at all until the
// lock ends, so guessing cannot go on behind it.
func (s *Service) SignIn(ctx context.Context, username, password string) (Principal, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	u, err := s.Store.UserByName(ctx, username)
	if ErrorCode(err) == ENOTFOUND {
		// Spend what a real check costs, so timing does not tell which
		// usernames exist.
		_, _ = CheckPassword(s.dummyHash(), password)
		s.Guard.record(WithPrincipal(ctx, Principal{Username: username}), ActSignInFailed, "", "unknown user", OutcomeDenied)
		return Principal{}, errorf(EBADLOGIN, "Nama pengguna atau kata sandi salah.")
	}
	if err != nil {
		return Principal{}, err
	}
	return s.check(ctx, u, password, ActSignIn)
}

// Unlock checks the password of the person already signed in, for the idle
// lock; the same lockout applies.
func (s *Service) Unlock(ctx context.Context, p Principal, password string) error {
	u, err := s.Store.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	_, err = s.check(ctx, u, password, ActUnlock)
	return err
}

func (s *Service) check(ctx context.Context, u User, password string, act Action) (Principal, error) {
	actx := WithPrincipal(ctx, u.Principal())
	now := s.now()
	if u.Disabled {
		s.Guard.record(actx, ActSignInFailed, "", "disabled account", OutcomeDenied)
		return Principal{}, errorf(EDISABLED, "Akun ini dinonaktifkan. Hubungi admin klinik.")
	}
	if now.Before(u.LockedUntil) {
		s.Guard.record(actx, ActSignInFailed, "", "locked", OutcomeDenied)
		return Principal{}, lockedError(u.LockedUntil.Sub(now))
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return Principal{}, err
	}
	if !ok {
		failed := u.Failed + 1
		var until time.Time
		if d := LockFor(failed); d > 0 {
			until = now.Add(d)
		}
		if err := s.Store.RecordSignIn(ctx, u.ID, failed, until); err != nil {
			return Principal{}, err
		}
		s.Guard.record(actx, ActSignInFailed, "", "wrong password", OutcomeDenied)
		if !until.IsZero() {
			return Principal{}, lockedError(until.Sub(now))
		}
		return Principal{}, errorf(EBADLOGIN, "Nama pengguna atau kata sandi salah.")
	}
	if err := s.tell(ctx, u.ID, password, false); err != nil {
		return Principal{}, err
	}
	if u.Failed != 0 || !u.LockedUntil.IsZero() {
		if err := s.Store.RecordSignIn(ctx, u.ID, 0, time.Time{}); err != nil {
			return Principal{}, err
		}
	}
	s.Guard.record(actx, act, "", "", OutcomeOK)
	return u.Principal(), nil
}

func lockedError(d time.Duration) *Error {
	secs := int(d.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if secs < 120 {
		return errorf(ELOCKED, "Terlalu banyak percobaan gagal. Coba lagi dalam %d detik.", secs)
	}
	return errorf(ELOCKED, "Terlalu banyak percobaan gagal. Coba lagi dalam %d menit.", (secs+59)/60)
}

// dummyHash is a hash of nothing anyone types, with the current params.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy, _ = HashPassword("\x00no such user\x00", s.params()) })
	return s.dummy
}

// Users lists the accounts (admin only).
func (s *Service) Users(ctx context.Context) ([]User, error) {
	if err := s.Guard.Allow(ctx, "", "", Admin); err != nil {
		return nil, err
	}
	us, err := s.Store.Users(ctx)
	for i := range us {
		us[i].PasswordHash = ""
	}
	return us, err
}

// SetRoles changes an account's name and roles (admin only). The last
// enabled admin cannot lose the admin role, or nobody could manage the
// clinic any more.
func (s *Service) SetRoles(ctx context.Context, id int64, name string, roles []Role) error {
	return s.change(ctx, id, ActUserRoles, func(u *User) error {
		n := NewUser{Username: u.Username, Name: name, Roles: roles}
		if err := n.Validate(); err != nil {
			return err
		}
		if slices.Contains(u.Roles, Admin) && !slices.Contains(roles, Admin) {
			if err := s.keepAnAdmin(ctx, u.ID); err != nil {
				return err
			}
		}
		u.Name, u.Roles = n.Name, n.Roles
		return nil
	}, func(u User) string { return u.Username + " (" + JoinRoles(u.Roles) + ")" })
}

// SetDisabled disables or enables an account (admin only). Disabling
// signs nobody out by itself; the next sign-in or unlock is refused.
func (s *Service) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	act := ActUserEnable
	if disabled {
		act = ActUserDisable
	}
	return s.change(ctx, id, act, func(u *User) error {
		if disabled && slices.Contains(u.Roles, Admin) {
			if err := s.keepAnAdmin(ctx, u.ID); err != nil {
				return err
			}
		}
		if p, ok := From(ctx); ok && disabled && p.UserID == u.ID {
			return errorf(EINVALID, "Anda tidak dapat menonaktifkan akun Anda sendiri.")
		}
		if disabled && s.OnDisabled != nil {
			if err := s.OnDisabled(ctx, u.ID); err != nil {
				return err
			}
		}
		u.Disabled = disabled
		if !disabled {
			u.Failed, u.LockedUntil = 0, time.Time{}
		}
		return nil
	}, func(u User) string { return u.Username })
}

// ResetPassword sets a new password for an account (admin only) and lifts
// its lock.
func (s *Service) ResetPassword(ctx context.Context, id int64, password string) error {
	return s.change(ctx, id, ActPasswordReset, func(u *User) error {
		return s.setPassword(ctx, u, password)
	}, func(u User) string { return u.Username })
}

// ChangePassword is a person changing their own password.
func (s *Service) ChangePassword(ctx context.Context, old, password string) error {
	p, ok := From(ctx)
	if !ok {
		return errorf(ENOTSIGNEDIN, "Silakan masuk terlebih dahulu.")
	}
	u, err := s.Store.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if ok, err := CheckPassword(u.PasswordHash, old); err != nil || !ok {
		s.Guard.record(ctx, ActPasswordChange, "", "wrong current password", OutcomeDenied)
		return errorf(EBADLOGIN, "Kata sandi lama salah.")
	}
	if err := s.setPassword(ctx, &u, password); err != nil {
		return err
	}
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	s.Guard.record(ctx, ActPasswordChange, "", u.Username, OutcomeOK)
	return nil
}

func (s *Service) setPassword(ctx context.Context, u *User, password string) error {
	if err := CheckStrength(password, u.Username, u.Name); err != nil {
		return err
	}
	hash, err := HashPassword(password, s.params())
	if err != nil {
		return err
	}
	if err := s.tell(ctx, u.ID, password, true); err != nil {
		return err
	}
	u.PasswordHash, u.PasswordChanged = hash, s.now()
	u.Failed, u.LockedUntil = 0, time.Time{}
	return nil
}

// change is the admin's read-modify-write of one account.
func (s *Service) change(ctx context.Context, id int64, act Action, edit func(*User) error, detail func(User) string) error {
	if err := s.admin(ctx, act); err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := edit(&u); err != nil {
		return err
	}
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	s.Guard.record(ctx, act, "", detail(u), OutcomeOK)
	return nil
}

// admin checks the admin role for act; a refusal is recorded, a success
// is recorded by the caller once it is done, with its detail.
func (s *Service) admin(ctx context.Context, act Action) error {
	err := s.Guard.Allow(ctx, "", "", Admin)
	if ErrorCode(err) == EFORBIDDEN {
		s.Guard.Note(ctx, act, "", "role required: admin", OutcomeDenied)
	}
	return err
}

func (s *Service) keepAnAdmin(ctx context.Context, except int64) error {
	us, err := s.Store.Users(ctx)
	if err != nil {
		return err
	}
	for _, o := range us {
		if o.ID != except && !o.Disabled && slices.Contains(o.Roles, Admin) {
			return nil
		}
	}
	return errorf(EINVALID, "Harus ada setidaknya satu admin yang aktif.")
}

// ErrNotFound builds the store's not-found error.
func ErrNotFound(username string) error {
	return errorf(ENOTFOUND, "Akun %q tidak ditemukan.", username)
}

// ErrTaken builds the store's username-taken error.
func ErrTaken(username string) error {
	return errorf(ECONFLICT, "Nama pengguna %q sudah dipakai.", username)
}

// ErrSetupDone is the store's answer to a second first set-up.
func ErrSetupDone() error {
	return errorf(ECONFLICT, "Penyiapan awal sudah dilakukan: masuk dengan akun yang ada.")
}
