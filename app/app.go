// Package app holds FKTP Desk's Fyne screens. It shows and collects; the
// work is done by the services it is given (see Deps), off the UI goroutine,
// with results brought back through fyne.Do. It never imports
// fyne.io/fyne/v2/app (only main does), so every screen tests headless with
// fyne.io/fyne/v2/test.
package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"fktpdesk/access"
	"fktpdesk/assets"
	"fktpdesk/claims"
	"fktpdesk/clinic"
	"fktpdesk/referral"
)

// UILanguages are the languages the screens speak: Bahasa Indonesia, the
// default, and English.
var UILanguages = []string{"id", "en"}

// LoadTranslations registers the embedded translations and makes uiLang
// (one of UILanguages) the language on screen whatever the PC's own. Fyne
// shows the translation closest to the system locale — on Windows the
// regional format, blind to environment variables, so an English Windows
// would get English — hence the chosen file is registered under the
// system's locale too. Call it before the first window is built.
func LoadTranslations(uiLang string) error {
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		return err
	}
	if !slices.Contains(UILanguages, uiLang) {
		return fmt.Errorf("no %q translation (have %v)", uiLang, UILanguages)
	}
	data, err := assets.Translations.ReadFile("translations/" + uiLang + ".json")
	if err != nil {
		return err
	}
	return lang.AddTranslationsForLocale(data, lang.SystemLocale())
}

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.Icon)

// Deps is everything the screens need from the outside world.
type Deps struct {
	// Clinic is the front-desk service (eligibility, registration, queue,
	// patients). Required.
	Clinic *clinic.Service
	// Doctor is the examination and referral service. When nil, the
	// doctor's desk and printing tabs are left out.
	Doctor *clinic.DoctorDesk
	// ReferralLetter fills a referral letter from PCare's own detail of
	// referral number no, over base (the letter built from the local
	// record, or only the clinic's identity for a referral made in PCare
	// web). A function, so the screens need not know the PCare adapter.
	// Nil: letters print from the local record only, and "print by
	// number" is unavailable.
	ReferralLetter func(ctx context.Context, no string, base referral.Letter) (referral.Letter, error)
	// Outbox is the store of PCare writes (its counts, items, the worker's
	// pass log and the lines of the monthly claim); Worker sends it. With
	// both set the Klaim tab is shown.
	Outbox claims.Store
	Worker *claims.Worker
	// Now is the clock for ages and "how long ago" texts (time.Now when nil).
	Now func() time.Time
	// Training is set when the app runs against its built-in simulator
	// instead of BPJS: the screens then say so, everywhere.
	Training *Training
	// User is the signed-in person: the screens work in their name (their
	// contexts carry the principal the services check) and only the tabs
	// their roles allow are built. Nil in tests that are not about access.
	User *access.Principal
	// Users is the account service: changing one's own password, and the
	// admin's account screen. Nil: those are not offered.
	Users *access.Service
	// Audit is the audit trail for the admin's screen (nil: not shown).
	Audit AuditTrail
	// Settings are the admin's settings (nil: not shown).
	Settings Settings
	// Guard checks roles and writes the audit trail for the actions the
	// screens take on stores directly (claims); main sets the services'
	// own. Nil: unguarded (tests not about access).
	Guard *access.Guard
	// Version is the app version shown in the title and About.
	Version string
	// UI brings a function back to the UI goroutine; nil means fyne.Do.
	// main leaves it nil. Tests pass a queue they drain on the test
	// goroutine, because the test driver's fyne.Do runs the function on the
	// calling goroutine, which would race with the test reading widgets.
	UI func(func())
}

// officer is the claims officer's guarded actions over the outbox.
func (d Deps) officer() *claims.Officer {
	return &claims.Officer{Store: d.Outbox, Worker: d.Worker, Guard: d.Guard}
}

func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// MainWindow is the application's one window. Its fields are exposed so
// tests can read and tap them.
type MainWindow struct {
	Window fyne.Window
	// Banner is the training-mode bar; nil outside training mode.
	Banner *TrainingBanner
	Tabs   *container.AppTabs
	// Content is everything inside the window: the tabs under the
	// training banner.
	Content fyne.CanvasObject

	Eligibility *EligibilityScreen
	Queue       *QueueScreen
	Patients    *PatientsScreen
	// Doctor and Printing exist when Deps.Doctor is set.
	Doctor   *DoctorScreen
	Printing *PrintingScreen
	// Claims exists when Deps.Outbox and Deps.Worker are set; Reports
	// when Deps.Doctor is.
	Claims  *ClaimsScreen
	Reports *ReportsScreen
	// Admin holds the admin's screens (accounts, settings, audit trail);
	// built for admins only.
	Admin    *container.AppTabs
	Users    *UsersScreen
	Audit    *AuditScreen
	Settings *SettingsScreen

	// OnLock and OnSignOut are the shell's, for the menu; nil outside it.
	OnLock, OnSignOut func()

	d  Deps
	bg *background
}

// NewMainWindow builds the main window; the caller shows it. Closing the
// window stops the screens' background work.
func NewMainWindow(a fyne.App, d Deps) *MainWindow {
	title := "FKTP Desk"
	if d.Version != "" {
		// Which build is on a clinic's PC is read off the title bar.
		title += " " + d.Version
	}
	w := a.NewWindow(title)
	w.SetIcon(Icon)
	m := newMain(w, d)
	w.SetContent(m.Content)
	w.Resize(fyne.NewSize(1280, 760))
	w.SetOnClosed(m.Close)
	m.start()
	return m
}

// may reports whether the signed-in person holds one of roles; with nobody
// signed in (tests that are not about access) every screen is built.
func (d Deps) may(roles ...access.Role) bool {
	return d.User == nil || d.User.Has(roles...)
}

// newMain builds the screens d.User may use into one content object for w.
// The tabs follow the roles; the services refuse the rest anyway.
func newMain(w fyne.Window, d Deps) *MainWindow {
	m := &MainWindow{Window: w, d: d, bg: newBackground(d.UI, d.User)}
	m.Tabs = container.NewAppTabs()
	var eligTab, queueTab, patientsTab, doctorTab, printTab, claimsTab, reportsTab *container.TabItem
	if d.may(access.FrontDesk, access.Doctor) {
		m.Eligibility = NewEligibilityScreen(w, d, m.bg)
		m.Queue = NewQueueScreen(d, m.bg)
		m.Queue.Window = w
		m.Patients = NewPatientsScreen(d, m.bg)
		eligTab = container.NewTabItemWithIcon(lang.L("tab.eligibility"), theme.AccountIcon(), m.Eligibility.Container)
		queueTab = container.NewTabItemWithIcon(lang.L("tab.queue"), theme.ListIcon(), m.Queue.Container)
		patientsTab = container.NewTabItemWithIcon(lang.L("tab.patients"), theme.SearchIcon(), m.Patients.Container)
		m.Tabs.Append(eligTab)
		m.Tabs.Append(queueTab)
		m.Tabs.Append(patientsTab)
	}
	// The front desk's three tabs first, then the doctor's room's two: each
	// desk's tabs stay together, and in the order of its work.
	if d.Doctor != nil && d.may(access.Doctor) {
		m.Doctor = NewDoctorScreen(w, d, m.bg)
		doctorTab = container.NewTabItemWithIcon(lang.L("tab.doctor"), theme.DocumentCreateIcon(), m.Doctor.Container)
		m.Tabs.Append(doctorTab)
	}
	if d.Doctor != nil && d.may(access.Doctor, access.Printing) {
		m.Printing = NewPrintingScreen(w, d, m.bg)
		printTab = container.NewTabItemWithIcon(lang.L("tab.printing"), theme.DocumentPrintIcon(), m.Printing.Container)
		m.Tabs.Append(printTab)
	}
	if m.Doctor != nil && m.Printing != nil {
		// The letter of a referral just saved prints from the doctor's
		// desk, with the printer chosen on the printing tab.
		m.Doctor.Form.OnPrint = func(v clinic.Visit) {
			m.Printing.PrintVisit(v.ID, m.Doctor.Form.setStatus)
		}
	}
	if d.Outbox != nil && d.Worker != nil && d.may(access.Claims) {
		m.Claims = NewClaimsScreen(w, d, m.bg)
		claimsTab = container.NewTabItemWithIcon(lang.L("tab.claims"), theme.MailSendIcon(), m.Claims.Container)
		m.Tabs.Append(claimsTab)
		// Stuck records are named on the tab itself, so nobody has to open
		// it to learn that PCare is missing something.
		m.Claims.OnAlert = func(n int) {
			text := lang.L("tab.claims")
			if n > 0 {
				text = lang.L("tab.claims.alert", map[string]any{"N": n})
			}
			if claimsTab.Text != text {
				claimsTab.Text = text
				m.Tabs.Refresh()
			}
		}
	}
	if d.Doctor != nil && d.may(access.Doctor, access.Claims, access.Admin) {
		m.Reports = NewReportsScreen(d, m.bg)
		reportsTab = container.NewTabItemWithIcon(lang.L("tab.reports"), theme.InfoIcon(), m.Reports.Container)
		m.Tabs.Append(reportsTab)
	}
	var adminTab *container.TabItem
	if d.Users != nil && d.User != nil && d.may(access.Admin) {
		m.Users = NewUsersScreen(w, d, m.bg)
		m.Admin = container.NewAppTabs(container.NewTabItemWithIcon(lang.L("admin.users"), theme.AccountIcon(), m.Users.Container))
		var settingsTab *container.TabItem
		if d.Settings != nil {
			m.Settings = NewSettingsScreen(d, m.bg)
			settingsTab = container.NewTabItemWithIcon(lang.L("admin.settings"), theme.SettingsIcon(), m.Settings.Container)
			m.Admin.Append(settingsTab)
		}
		if d.Audit != nil {
			m.Audit = NewAuditScreen(d, m.bg)
			auditTab := container.NewTabItemWithIcon(lang.L("admin.audit"), theme.HistoryIcon(), m.Audit.Container)
			m.Admin.Append(auditTab)
			m.Admin.OnSelected = func(t *container.TabItem) {
				switch t {
				case auditTab:
					m.Audit.Refresh()
				case settingsTab:
					m.Settings.Refresh()
				}
			}
		}
		adminTab = container.NewTabItemWithIcon(lang.L("tab.admin"), theme.SettingsIcon(), m.Admin)
		m.Tabs.Append(adminTab)
	}
	m.Tabs.OnSelected = func(t *container.TabItem) {
		// Each screen learns when it is left, so background re-checks stop
		// while nobody looks at them, and where the keyboard should go.
		if m.Eligibility != nil {
			if t == eligTab {
				m.Eligibility.Enter()
			} else {
				m.Eligibility.Leave()
			}
		}
		switch t {
		case nil:
		case queueTab:
			m.Queue.Refresh()
		case patientsTab:
			w.Canvas().Focus(m.Patients.Search)
		case doctorTab:
			m.Doctor.Refresh()
		case printTab:
			m.Printing.Enter()
		case claimsTab:
			m.Claims.Refresh()
		case reportsTab:
			m.Reports.Refresh()
		case adminTab:
			m.Users.Refresh()
		}
	}
	if m.Eligibility != nil {
		// A patient picked from the search is checked at once: the desk's
		// next step for a returning patient.
		m.Patients.OnPick = func(p clinic.Patient) {
			number := p.CardNo
			if number == "" {
				number = p.NIK
			}
			m.Tabs.Select(eligTab)
			m.Eligibility.CheckNumber(number)
		}
		// A new registration shows in the queue without waiting for its
		// timer.
		m.Eligibility.Form.OnRegistered = func(clinic.Registration) {
			m.Queue.Refresh()
			if m.Doctor != nil {
				m.Doctor.Refresh()
			}
		}
	}
	if m.Doctor != nil {
		// A saved referral is on the printing tab at once, and the queue
		// shows the patient examined.
		prev := m.Doctor.Form.OnSaved
		m.Doctor.Form.OnSaved = func(v clinic.Visit) {
			prev(v)
			if m.Queue != nil {
				m.Queue.Refresh()
			}
			if m.Printing != nil {
				m.Printing.Refresh()
			}
		}
	}

	var top fyne.CanvasObject
	if d.Training != nil {
		m.Banner = newTrainingBanner(w, d.Training)
		top = m.Banner.Container
	}
	m.Content = container.NewBorder(top, nil, nil, nil, m.Tabs)
	escapeCloses(w)
	return m
}

// start begins the screens' own loading and timers, once the content is
// in the window.
func (m *MainWindow) start() {
	if m.Eligibility != nil {
		m.Eligibility.Form.LoadPolis()
		m.Queue.Start()
		m.Window.Canvas().Focus(m.Eligibility.Number)
	}
	if m.Doctor != nil {
		m.Doctor.Start()
	}
	if m.Printing != nil {
		m.Printing.Start()
	}
	if m.Claims != nil {
		m.Claims.Start()
	}
	if m.Users != nil {
		m.Users.Refresh()
	}
}

// Close stops the screens' background work and waits for it, so the store
// and the PCare client can be closed after it.
func (m *MainWindow) Close() { m.bg.stop() }
