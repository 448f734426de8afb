package version

import (
	"runtime/debug"
	"testing"

	"fktpdesk/version/fyneapp"
)

// The number compiled into every binary is FyneApp.toml's, so the desktop
// app, fktpctl and the packaged .exe (whose version resource the fyne tool
// takes from FyneApp.toml) cannot disagree.
func TestNumberIsFyneAppVersion(t *testing.T) {
	f, err := fyneapp.Load(fyneapp.Path())
	if err != nil {
		t.Fatal(err)
	}
	if f.Details.Version != Number {
		t.Fatalf("FyneApp.toml says %q, version.Number is %q: run go generate ./version", f.Details.Version, Number)
	}
}

// fyne package builds with the migrated_fynedo tag only when FyneApp.toml
// says so; without it the packaged app would run Fyne's pre-fyne.Do
// threading checks that the screens do not follow.
func TestFyneAppMigratesFyneDo(t *testing.T) {
	f, err := fyneapp.Load(fyneapp.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !f.Migrations["fyneDo"] {
		t.Fatal("FyneApp.toml lacks [Migrations] fyneDo = true")
	}
	if f.Details.Icon == "" || f.Details.Name == "" || f.Details.ID == "" {
		t.Fatalf("FyneApp.toml details incomplete: %+v", f.Details)
	}
}

func TestStringForms(t *testing.T) {
	tests := []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{"no vcs stamp", nil, "0.1.0"},
		{"clean", []debug.BuildSetting{{Key: "vcs.revision", Value: "7104377b2d942102005c9e29423f97187c2c3383"}, {Key: "vcs.modified", Value: "false"}}, "0.1.0+7104377b2d94"},
		{"dirty", []debug.BuildSetting{{Key: "vcs.revision", Value: "7104377b2d942102005c9e29423f97187c2c3383"}, {Key: "vcs.modified", Value: "true"}}, "0.1.0+7104377b2d94-dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := format("0.1.0", commitFromBuildInfo(&debug.BuildInfo{Settings: tt.settings}))
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The commit make passes with -X wins over Go's own stamp.
func TestLinkedCommitWins(t *testing.T) {
	old := commit
	t.Cleanup(func() { commit = old })
	commit = "abcdef012345"
	if got := String(); got != Number+"+abcdef012345" {
		t.Fatalf("String() = %q", got)
	}
}

func TestWindowsVersion(t *testing.T) {
	for _, tt := range []struct {
		v     string
		build int
		want  string
	}{{"0.1.0", 1, "0.1.0.1"}, {"2.3", 7, "2.3.0.7"}, {"4", 0, "4.0.0.1"}} {
		var f fyneapp.File
		f.Details.Version, f.Details.Build = tt.v, tt.build
		if got := f.WindowsVersion(); got != tt.want {
			t.Errorf("%s build %d: %q, want %q", tt.v, tt.build, got, tt.want)
		}
	}
}
