package setup

import (
	"flag"
	"fmt"
	"strings"

	"fktpdesk/access"
	"fktpdesk/pcare"
)

// Environment variables of the scripted set-up, for answers better kept
// off a command line (which other users of the machine can read).
const (
	EnvAdminUser     = "FKTP_ADMIN_USER"
	EnvAdminName     = "FKTP_ADMIN_NAME"
	EnvAdminPassword = "FKTP_ADMIN_PASSWORD"
	EnvAdminRoles    = "FKTP_ADMIN_ROLES"
	EnvFacilityName  = "FKTP_FACILITY_NAME"
	EnvMode          = "FKTP_PCARE_MODE"
)

// Flags registers the set-up answers on fs, each falling back to an
// environment variable, and returns a function that reads them after
// fs.Parse. The PCare credentials use the same variables as every other
// fktpctl command (pcare.Env*).
func Flags(fs *flag.FlagSet, getenv func(string) string) func() (Answers, error) {
	str := func(name, env, help string) *string {
		if env != "" {
			help += " [$" + env + "]"
		}
		return fs.String(name, "", help)
	}
	adminUser := str("admin-user", EnvAdminUser, "the first account's username (it is made admin)")
	adminName := str("admin-name", EnvAdminName, "the first account's full name")
	adminPass := str("admin-password", EnvAdminPassword, "its password (prefer the environment variable)")
	adminRoles := str("admin-roles", EnvAdminRoles, "other roles of the admin, e.g. doctor,printing")
	ppk := str("ppk", pcare.EnvPPK, "the clinic's PPK code, e.g. 0114U163")
	facName := str("facility-name", EnvFacilityName, "the clinic's name as printed on letters")
	address := str("address", "", "the clinic's address")
	regency := str("regency", "", "kabupaten/kota")
	branch := str("bpjs-branch", "", "BPJS branch office")
	mode := str("mode", EnvMode, "training, dev or production (default training)")
	consID := str("cons-id", pcare.EnvConsID, "PCare consumer ID")
	secret := str("cons-secret", pcare.EnvConsSecret, "PCare consumer secret (prefer the environment variable)")
	userKey := str("user-key", pcare.EnvUserKey, "PCare user_key (prefer the environment variable)")
	pUser := str("pcare-user", pcare.EnvUser, "the clinic's PCare username")
	pPass := str("pcare-password", pcare.EnvPass, "the clinic's PCare password (prefer the environment variable)")
	kd := str("kd-aplikasi", pcare.EnvKdAplikasi, "application code (default 095)")
	return func() (Answers, error) {
		val := func(flagValue *string, env string) string {
			if v := strings.TrimSpace(*flagValue); v != "" {
				return v
			}
			if env == "" {
				return ""
			}
			return strings.TrimSpace(getenv(env))
		}
		roles, err := access.ParseRoles(val(adminRoles, EnvAdminRoles))
		if err != nil {
			return Answers{}, err
		}
		a := Answers{
			Admin: access.NewUser{Username: val(adminUser, EnvAdminUser), Name: val(adminName, EnvAdminName),
				Password: val(adminPass, EnvAdminPassword), Roles: append([]access.Role{access.Admin}, roles...)},
			Mode: pcare.Mode(strings.ToLower(val(mode, EnvMode))),
		}
		a.Facility.PPK, a.Facility.Name = val(ppk, pcare.EnvPPK), val(facName, EnvFacilityName)
		a.Facility.Address, a.Facility.Regency, a.Facility.BPJSBranch = val(address, ""), val(regency, ""), val(branch, "")
		if a.Mode == "" {
			a.Mode = pcare.ModeTraining
		}
		a.PCare = pcare.Config{ConsID: val(consID, pcare.EnvConsID), ConsSecret: val(secret, pcare.EnvConsSecret),
			UserKey: val(userKey, pcare.EnvUserKey), Username: val(pUser, pcare.EnvUser), Password: val(pPass, pcare.EnvPass),
			KdAplikasi: val(kd, pcare.EnvKdAplikasi)}
		if a.Admin.Password == "" {
			return a, fmt.Errorf("the admin password is missing: set $%s (or --admin-password)", EnvAdminPassword)
		}
		return a, nil
	}
}
