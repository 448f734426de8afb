package audit

// Action is what was done. Its value is stored in every entry and hashed
// into the chain: never change or reuse one; add new ones instead.
type Action string

// Sessions.
const (
	SignIn       Action = "signin"
	SignInFailed Action = "signin.failed"
	SignOut      Action = "signout"
	Lock         Action = "lock"   // the idle lock (or the user) locked the window
	Unlock       Action = "unlock" // the password was given again
)

// Patients' data (front desk, doctor, printing).
const (
	ViewPatient         Action = "patient.view"         // a patient's record or visit history opened
	CheckEligibility    Action = "eligibility.check"    // cek kepesertaan at PCare
	Register            Action = "registration.add"     // pendaftaran
	CancelRegistration  Action = "registration.cancel"  // pendaftaran batal
	CorrectRegistration Action = "registration.correct" // a registration PCare refused, fixed and re-queued
	RecordVisit         Action = "visit.record"         // pemeriksaan: the examination saved
	EditVisit           Action = "visit.edit"           // a saved visit edited or corrected
	DeleteVisit         Action = "visit.delete"         // hapus kunjungan
	Refer               Action = "referral.add"         // rujukan
	PrintLetter         Action = "letter.print"         // referral letter or other letter printed
	Reprint             Action = "letter.reprint"       // a letter printed again
)

// Claims.
const (
	ClaimSendNow Action = "claim.send"    // "kirim sekarang" on an outbox item
	ClaimRequeue Action = "claim.requeue" // an item needing correction re-queued after the fix
	ClaimExport  Action = "claim.export"  // the monthly non-capitation claim written
)

// Administration.
const (
	UserAdd            Action = "user.add"
	UserDisable        Action = "user.disable"
	UserPasswordReset  Action = "user.password_reset"
	UserRoleChange     Action = "user.role"
	UserEnable         Action = "user.enable"
	UserPasswordChange Action = "user.password_change" // a person changed their own password
	SettingsChange     Action = "settings.change"      // facility identity, PCare mode, idle time, backup folder
	CredentialsChange  Action = "credentials.change"   // PCare secrets entered or replaced
	Backup             Action = "backup"
	Restore            Action = "restore"
	AuditVerify        Action = "audit.verify"
)

// actions is every action with its label for the screen, in the order a
// filter lists them.
var actions = []struct {
	a     Action
	label string
}{
	{SignIn, "Masuk"},
	{SignInFailed, "Gagal masuk"},
	{SignOut, "Keluar"},
	{Lock, "Layar dikunci"},
	{Unlock, "Kunci layar dibuka"},
	{ViewPatient, "Melihat data pasien"},
	{CheckEligibility, "Cek kepesertaan"},
	{Register, "Pendaftaran"},
	{CancelRegistration, "Pembatalan pendaftaran"},
	{CorrectRegistration, "Perbaikan pendaftaran"},
	{RecordVisit, "Pemeriksaan"},
	{EditVisit, "Perubahan data kunjungan"},
	{DeleteVisit, "Penghapusan kunjungan"},
	{Refer, "Rujukan"},
	{PrintLetter, "Cetak surat"},
	{Reprint, "Cetak ulang surat"},
	{ClaimSendNow, "Kirim klaim sekarang"},
	{ClaimRequeue, "Klaim diantrekan ulang setelah diperbaiki"},
	{ClaimExport, "Ekspor klaim bulanan"},
	{UserAdd, "Tambah pengguna"},
	{UserDisable, "Nonaktifkan pengguna"},
	{UserPasswordReset, "Atur ulang kata sandi"},
	{UserRoleChange, "Ubah peran pengguna"},
	{UserEnable, "Aktifkan pengguna"},
	{UserPasswordChange, "Ganti kata sandi sendiri"},
	{SettingsChange, "Ubah pengaturan"},
	{CredentialsChange, "Ubah kredensial PCare"},
	{Backup, "Pencadangan database"},
	{Restore, "Pemulihan database"},
	{AuditVerify, "Pemeriksaan jejak audit"},
}

// Actions lists every action, for a filter's choices.
func Actions() []Action {
	out := make([]Action, len(actions))
	for i, x := range actions {
		out[i] = x.a
	}
	return out
}

// Label is the action in Bahasa Indonesia, for the screen. An unknown
// action (written by a newer FKTP Desk) shows as stored.
func Label(a Action) string {
	for _, x := range actions {
		if x.a == a {
			return x.label
		}
	}
	return string(a)
}

// Valid reports whether a is one of the actions above.
func (a Action) Valid() bool {
	for _, x := range actions {
		if x.a == a {
			return true
		}
	}
	return false
}
