package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fktpdesk/clinic"
	"fktpdesk/pcare"
	"fktpdesk/setup"
)

// Settings is what the admin's settings screen reads and changes
// (setup.Install). Every method checks the admin role.
type Settings interface {
	Facility(ctx context.Context) (clinic.Facility, error)
	SaveFacility(ctx context.Context, f clinic.Facility) error
	// PCare returns the stored non-secret settings and which secrets are
	// stored (by pcare.Secret* name); the secrets themselves never.
	PCare(ctx context.Context) (pcare.Settings, map[string]bool, error)
	// SavePCare stores mode and cfg; blank secrets keep the stored ones.
	SavePCare(ctx context.Context, mode pcare.Mode, cfg pcare.Config) error
	// TestPCare tries cfg (blank secrets: the stored ones) and explains.
	TestPCare(ctx context.Context, mode pcare.Mode, cfg pcare.Config) pcare.Diagnosis
	Backups(ctx context.Context) (BackupState, error)
	SaveBackups(ctx context.Context, b BackupState) error
	BackupNow(ctx context.Context) (BackupState, error)
	IdleLock(ctx context.Context) (time.Duration, error)
	SaveIdleLock(ctx context.Context, d time.Duration) error
}

// BackupState is setup's.
type BackupState = setup.BackupState

// BackupWarnAfter is when the screen warns about the last backup's age:
// two daily backups missed.
const BackupWarnAfter = 48 * time.Hour

// SettingsScreen is the admin's: the clinic's identity, PCare, backups and
// the idle lock.
type SettingsScreen struct {
	Container *fyne.Container

	PPK, FacilityName, Address, Regency, Branch *Entry
	SaveFacilityBtn                             *Button

	Mode *Select
	URL  *Entry
	pcareFields
	SaveBtn, TestBtn *Button
	PCareStatus      *widget.Label

	BackupFolder  *Entry
	BackupKeep    *Entry
	BackupEnabled *Check
	BackupAge     *widget.Label
	SaveBackupBtn *Button
	BackupNowBtn  *Button

	IdleMinutes *Entry
	SaveIdleBtn *Button

	Status *widget.Label

	modes []pcare.Mode
	d     Deps
	bg    *background
}

// NewSettingsScreen builds the screen; Refresh loads it.
func NewSettingsScreen(d Deps, bg *background) *SettingsScreen {
	s := &SettingsScreen{d: d, bg: bg}
	s.PPK, s.FacilityName, s.Address, s.Regency, s.Branch = newEntry(), newEntry(), newEntry(), newEntry(), newEntry()
	s.SaveFacilityBtn = newButtonWithIcon(lang.L("settings.save"), theme.DocumentSaveIcon(), s.saveFacility)
	facility := widget.NewCard(lang.L("settings.facility"), "", container.NewVBox(widget.NewForm(
		widget.NewFormItem(lang.L("wizard.facility.ppk"), s.PPK),
		widget.NewFormItem(lang.L("wizard.facility.name"), s.FacilityName),
		widget.NewFormItem(lang.L("wizard.facility.address"), s.Address),
		widget.NewFormItem(lang.L("wizard.facility.regency"), s.Regency),
		widget.NewFormItem(lang.L("wizard.facility.branch"), s.Branch),
	), s.SaveFacilityBtn))

	s.modes = []pcare.Mode{pcare.ModeTraining, pcare.ModeDev, pcare.ModeProduction, pcare.ModeCustom}
	var names []string
	for _, m := range s.modes {
		names = append(names, lang.L("mode."+string(m)))
	}
	s.Mode = newSelect(names, func(string) { s.modeChanged() })
	s.URL, s.pcareFields = newEntry(), newPCareFields()
	s.SaveBtn = newButtonWithIcon(lang.L("settings.save"), theme.DocumentSaveIcon(), s.savePCare)
	s.TestBtn = newButtonWithIcon(lang.L("settings.test"), theme.MediaPlayIcon(), s.testPCare)
	s.PCareStatus = wrapLabel("")
	items := append([]*widget.FormItem{
		widget.NewFormItem(lang.L("settings.mode"), s.Mode),
		widget.NewFormItem(lang.L("settings.url"), s.URL),
	}, s.items()...)
	pcareCard := widget.NewCard(lang.L("settings.pcare"), lang.L("settings.pcare.hint"), container.NewVBox(widget.NewForm(items...),
		container.NewHBox(s.TestBtn, s.SaveBtn), s.PCareStatus))

	s.BackupFolder, s.BackupKeep = newEntry(), newEntry()
	s.BackupEnabled = newCheck(lang.L("settings.backup.enabled"), nil)
	s.BackupAge = wrapLabel("")
	s.SaveBackupBtn = newButtonWithIcon(lang.L("settings.save"), theme.DocumentSaveIcon(), s.saveBackups)
	s.BackupNowBtn = newButtonWithIcon(lang.L("settings.backup.now"), theme.UploadIcon(), s.backupNow)
	backups := widget.NewCard(lang.L("settings.backup"), "", container.NewVBox(widget.NewForm(
		widget.NewFormItem(lang.L("settings.backup.folder"), s.BackupFolder),
		widget.NewFormItem(lang.L("settings.backup.keep"), s.BackupKeep),
		widget.NewFormItem("", s.BackupEnabled),
	), s.BackupAge, container.NewHBox(s.BackupNowBtn, s.SaveBackupBtn)))

	s.IdleMinutes = newEntry()
	s.SaveIdleBtn = newButtonWithIcon(lang.L("settings.save"), theme.DocumentSaveIcon(), s.saveIdle)
	idle := widget.NewCard(lang.L("settings.idle"), lang.L("settings.idle.hint"), container.NewBorder(nil, nil, nil, s.SaveIdleBtn, s.IdleMinutes))

	s.Status = wrapLabel("")
	left := container.NewVBox(facility, backups)
	right := container.NewVBox(pcareCard, idle)
	s.Container = container.NewBorder(nil, s.Status, nil, nil,
		container.NewVScroll(container.NewGridWithColumns(2, left, right)))
	return s
}

func (s *SettingsScreen) mode() pcare.Mode {
	i := s.Mode.SelectedIndex()
	if i < 0 {
		return pcare.ModeTraining
	}
	return s.modes[i]
}

func (s *SettingsScreen) modeChanged() {
	m := s.mode()
	setEnabled(m != pcare.ModeTraining, s.ConsID, s.Secret, s.UserKey, s.PUser, s.PPass, s.KdAplikasi, s.TestBtn)
	setEnabled(m == pcare.ModeCustom, s.URL)
	if u, ok := pcare.Preset(string(m)); ok {
		s.URL.SetText(u)
	}
}

// Refresh loads every section.
func (s *SettingsScreen) Refresh() {
	s.bg.run(nil, func(ctx context.Context) {
		f, ferr := s.d.Settings.Facility(ctx)
		set, stored, perr := s.d.Settings.PCare(ctx)
		b, berr := s.d.Settings.Backups(ctx)
		idle, ierr := s.d.Settings.IdleLock(ctx)
		s.bg.ui(func() {
			if ferr == nil {
				s.PPK.SetText(f.PPK)
				s.FacilityName.SetText(f.Name)
				s.Address.SetText(f.Address)
				s.Regency.SetText(f.Regency)
				s.Branch.SetText(f.BPJSBranch)
			}
			if perr == nil {
				s.showPCare(set, stored)
			}
			if berr == nil {
				s.showBackups(b)
			}
			if ierr == nil {
				s.IdleMinutes.SetText(strconv.Itoa(int(idle / time.Minute)))
			}
			for _, err := range []error{ferr, perr, berr, ierr} {
				if err != nil && clinic.ErrorCode(err) != clinic.ENOTFOUND {
					s.Status.SetText(errorText(err))
					break
				}
			}
		})
	})
}

func (s *SettingsScreen) showPCare(set pcare.Settings, stored map[string]bool) {
	if i := slices.Index(s.modes, set.Mode); i >= 0 {
		s.Mode.SetSelectedIndex(i)
	}
	s.URL.SetText(set.BaseURL)
	if u, ok := pcare.Preset(string(set.Mode)); ok {
		s.URL.SetText(u)
	}
	s.ConsID.SetText(set.ConsID)
	s.PUser.SetText(set.Username)
	s.KdAplikasi.SetText(set.KdAplikasi)
	// Secrets are never shown: the entry says whether one is stored, and
	// a blank entry keeps it.
	for e, name := range map[*Entry]string{s.Secret: pcare.SecretConsSecret, s.UserKey: pcare.SecretUserKey, s.PPass: pcare.SecretPassword} {
		e.SetText("")
		if stored[name] {
			e.SetPlaceHolder(lang.L("settings.secret.stored"))
		} else {
			e.SetPlaceHolder(lang.L("settings.secret.missing"))
		}
	}
	s.modeChanged()
}

func (s *SettingsScreen) showBackups(b BackupState) {
	s.BackupFolder.SetText(b.Folder)
	s.BackupKeep.SetText(strconv.Itoa(b.Keep))
	s.BackupEnabled.SetChecked(b.Enabled)
	now := s.d.now()
	switch {
	case b.Last.IsZero():
		s.BackupAge.Importance = widget.DangerImportance
		s.BackupAge.SetText(lang.L("settings.backup.none"))
	case now.Sub(b.Last) > BackupWarnAfter:
		s.BackupAge.Importance = widget.DangerImportance
		s.BackupAge.SetText(lang.L("settings.backup.old", map[string]any{"Ago": formatAgo(b.Last, now), "Path": b.LastPath}))
	default:
		s.BackupAge.Importance = widget.SuccessImportance
		s.BackupAge.SetText(lang.L("settings.backup.last", map[string]any{"Ago": formatAgo(b.Last, now), "Path": b.LastPath,
			"Size": fmt.Sprintf("%.1f MB", float64(b.LastSize)/1e6)}))
	}
	s.BackupAge.Refresh()
}

// config is the PCare fields as a Config (blank secrets keep the stored).
func (s *SettingsScreen) config() pcare.Config {
	return pcare.Config{BaseURL: strings.TrimSpace(s.URL.Text), ConsID: strings.TrimSpace(s.ConsID.Text),
		ConsSecret: s.Secret.Text, UserKey: s.UserKey.Text, Username: strings.TrimSpace(s.PUser.Text), Password: s.PPass.Text,
		KdAplikasi: strings.TrimSpace(s.KdAplikasi.Text), PPK: strings.ToUpper(strings.TrimSpace(s.PPK.Text))}
}

// act runs a save in the background and reports on label.
func (s *SettingsScreen) act(label *widget.Label, work func(ctx context.Context) (string, error)) {
	label.Importance = widget.MediumImportance
	label.SetText(lang.L("wizard.working"))
	s.bg.run(nil, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		msg, err := work(ctx)
		s.bg.ui(func() {
			if err != nil {
				label.Importance = widget.DangerImportance
				label.SetText(errorText(err))
				return
			}
			label.Importance = widget.SuccessImportance
			label.SetText(msg)
		})
	})
}

func (s *SettingsScreen) saveFacility() {
	f := clinic.Facility{PPK: strings.ToUpper(strings.TrimSpace(s.PPK.Text)), Name: strings.TrimSpace(s.FacilityName.Text),
		Address: strings.TrimSpace(s.Address.Text), Regency: strings.TrimSpace(s.Regency.Text), BPJSBranch: strings.TrimSpace(s.Branch.Text)}
	s.act(s.Status, func(ctx context.Context) (string, error) {
		return lang.L("settings.saved"), s.d.Settings.SaveFacility(ctx, f)
	})
}

func (s *SettingsScreen) savePCare() {
	mode, cfg := s.mode(), s.config()
	s.act(s.PCareStatus, func(ctx context.Context) (string, error) {
		if err := s.d.Settings.SavePCare(ctx, mode, cfg); err != nil {
			return "", err
		}
		set, stored, err := s.d.Settings.PCare(ctx)
		if err == nil {
			s.bg.ui(func() { s.showPCare(set, stored) })
		}
		return lang.L("settings.pcare.saved"), nil
	})
}

func (s *SettingsScreen) testPCare() {
	mode, cfg := s.mode(), s.config()
	s.PCareStatus.Importance = widget.MediumImportance
	s.PCareStatus.SetText(lang.L("settings.testing"))
	s.TestBtn.Disable()
	s.bg.run(nil, func(ctx context.Context) {
		dg := s.d.Settings.TestPCare(ctx, mode, cfg)
		s.bg.ui(func() {
			s.TestBtn.Enable()
			s.PCareStatus.Importance = widget.DangerImportance
			if dg.OK() {
				s.PCareStatus.Importance = widget.SuccessImportance
			}
			s.PCareStatus.SetText(dg.Message)
		})
	})
}

func (s *SettingsScreen) backupState() (BackupState, error) {
	keep, err := strconv.Atoi(strings.TrimSpace(s.BackupKeep.Text))
	if err != nil || keep < 1 {
		return BackupState{}, clinic.Errorf(clinic.EINVALID, "%s", lang.L("settings.backup.keep.invalid"))
	}
	return BackupState{Folder: strings.TrimSpace(s.BackupFolder.Text), Keep: keep, Enabled: s.BackupEnabled.Checked}, nil
}

func (s *SettingsScreen) saveBackups() {
	b, err := s.backupState()
	if err != nil {
		s.BackupAge.Importance = widget.DangerImportance
		s.BackupAge.SetText(errorText(err))
		return
	}
	s.act(s.Status, func(ctx context.Context) (string, error) {
		if err := s.d.Settings.SaveBackups(ctx, b); err != nil {
			return "", err
		}
		if st, err := s.d.Settings.Backups(ctx); err == nil {
			s.bg.ui(func() { s.showBackups(st) })
		}
		return lang.L("settings.saved"), nil
	})
}

func (s *SettingsScreen) backupNow() {
	s.BackupNowBtn.Disable()
	s.act(s.Status, func(ctx context.Context) (string, error) {
		st, err := s.d.Settings.BackupNow(ctx)
		s.bg.ui(func() {
			s.BackupNowBtn.Enable()
			if err == nil {
				s.showBackups(st)
			}
		})
		if err != nil {
			return "", err
		}
		return lang.L("settings.backup.done", map[string]any{"Path": st.LastPath}), nil
	})
}

func (s *SettingsScreen) saveIdle() {
	n, err := strconv.Atoi(strings.TrimSpace(s.IdleMinutes.Text))
	if err != nil || n < 1 || n > 240 {
		s.Status.Importance = widget.DangerImportance
		s.Status.SetText(lang.L("settings.idle.invalid"))
		return
	}
	s.act(s.Status, func(ctx context.Context) (string, error) {
		return lang.L("settings.saved"), s.d.Settings.SaveIdleLock(ctx, time.Duration(n)*time.Minute)
	})
}
