package pcare

import (
	"context"
	"errors"
	"strconv"
	"time"

	"fktpdesk/claims"
	"fktpdesk/clinic"
)

// Central adapts the client to the domain's interfaces (clinic.Central,
// claims.Central): domain types in, domain types and error codes out.
type Central struct {
	C *Client
}

var (
	_ clinic.Central = Central{}
	_ claims.Central = Central{}
)

// Participant looks a participant up by card number or NIK.
func (c Central) Participant(ctx context.Context, kind clinic.IDKind, number string) (clinic.Participant, error) {
	var p *Peserta
	var err error
	if kind == clinic.IDNIK {
		p, err = c.C.PesertaByNIK(ctx, number)
	} else {
		p, err = c.C.PesertaByNoKartu(ctx, number)
	}
	if err != nil {
		return clinic.Participant{}, domainError(err)
	}
	return ParticipantFrom(p), nil
}

// ParticipantFrom converts PCare's peserta.
func ParticipantFrom(p *Peserta) clinic.Participant {
	out := clinic.Participant{
		CardNo: p.NoKartu, NIK: string(p.NoKTP), Name: p.Nama, Sex: p.Sex,
		BirthDate: p.TglLahir.Time(), Relationship: p.HubunganKeluarga, Phone: string(p.NoHP),
		Active: bool(p.Aktif), StatusText: p.KetAktif,
		TypeCode: p.JnsPeserta.Kode, TypeName: p.JnsPeserta.Nama,
		ClassCode: p.JnsKelas.Kode, ClassName: p.JnsKelas.Nama,
		Arrears: int64(p.Tunggakan), Prolanis: string(p.PstProl), PRB: string(p.PstPrb),
		ValidUntil: p.TglAkhirBerlaku.Time(),
	}
	if p.KdProviderPst != nil {
		out.ProviderCode, out.ProviderName = p.KdProviderPst.KdProvider, p.KdProviderPst.NmProvider
	}
	return out
}

// Polis fetches the clinic's poli list (all pages).
func (c Central) Polis(ctx context.Context) ([]clinic.Poli, error) {
	var out []clinic.Poli
	const pageSize = 100
	for start := 0; ; start += pageSize {
		l, err := c.C.PoliFKTP(ctx, start, pageSize)
		if err != nil {
			return nil, domainError(err)
		}
		for _, p := range l.List {
			out = append(out, clinic.Poli{Code: p.KdPoli, Name: p.NmPoli, Sick: bool(p.PoliSakit)})
		}
		if len(l.List) < pageSize || len(out) >= int(l.Count) {
			return out, nil
		}
	}
}

// Register sends a registration and returns its queue number.
func (c Central) Register(ctx context.Context, r clinic.Registration) (string, error) {
	no, err := c.C.AddPendaftaran(ctx, Pendaftaran{
		KdProviderPeserta: r.ProviderCode, TglDaftar: NewDate(r.Date), NoKartu: r.CardNo,
		KdPoli: r.PoliCode, Keluhan: r.Complaint, KunjSakit: r.Sick,
		Sistole: r.Vitals.Systolic, Diastole: r.Vitals.Diastolic, BeratBadan: r.Vitals.WeightKg,
		TinggiBadan: r.Vitals.HeightCm, RespRate: r.Vitals.RespRate, HeartRate: r.Vitals.HeartRate,
		LingkarPerut: r.Vitals.WaistCm, KdTkp: r.TKP,
	})
	if err != nil {
		return "", domainError(err)
	}
	return no, nil
}

// RegistrationsOn lists the clinic's registrations of a day at PCare (all pages).
func (c Central) RegistrationsOn(ctx context.Context, day time.Time) ([]claims.RemoteRegistration, error) {
	var out []claims.RemoteRegistration
	const pageSize = 100
	for start := 0; ; start += pageSize {
		l, err := c.C.ListPendaftaran(ctx, NewDate(day), start, pageSize)
		if err != nil {
			return nil, domainError(err)
		}
		for _, p := range l.List {
			out = append(out, claims.RemoteRegistration{QueueNo: p.NoUrut, CardNo: p.Peserta.NoKartu, PoliCode: p.Poli.KdPoli})
		}
		if len(l.List) < pageSize || len(out) >= int(l.Count) {
			return out, nil
		}
	}
}

// domainError maps a client error onto the domain's closed set of codes,
// keeping PCare's per-field messages for the correction screen.
func domainError(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return &clinic.Error{Code: clinic.EINTERNAL, Message: "Kesalahan internal saat menghubungi PCare.", Err: err}
	}
	out := &clinic.Error{Err: err}
	switch e.Kind {
	case KindNotFound:
		out.Code, out.Message = clinic.ENOTFOUND, "Data tidak ditemukan di PCare."
	case KindAuth, KindConfig:
		out.Code, out.Message = clinic.EUNAUTHORIZED, "PCare menolak kredensial: periksa consumer ID/secret, user key, user dan password PCare, serta jam komputer."
	case KindValidation, KindBadReference:
		out.Code, out.Message = clinic.EINVALID, "PCare menolak data: "+e.Message
		for _, f := range e.Fields {
			out.Fields = append(out.Fields, clinic.FieldError{Field: f.Field, Label: f.Field, Message: f.Message})
		}
		if len(e.Fields) > 0 {
			out.Message = "PCare menolak data: " + e.Fields[0].Message
		}
	case KindNotModified:
		out.Code, out.Message = clinic.ECONFLICT, "PCare: data tidak bisa diubah."
	case KindOutcomeUnknown:
		out.Code, out.Message = clinic.EUNKNOWN, "Tidak ada jawaban dari PCare setelah data terkirim; akan dicocokkan dulu sebelum dikirim ulang."
	case KindInsecure:
		out.Code, out.Message = clinic.EUNAVAILABLE, "Sambungan ke PCare tidak aman (alamat bukan https atau sertifikat server tidak sah), jadi tidak ada data yang dikirim. Jalankan uji sambungan di Pengaturan."
	case KindServer, KindUnavailable, KindProtocol:
		out.Code, out.Message = clinic.EUNAVAILABLE, "PCare tidak dapat dihubungi atau sedang gangguan."
		if e.Status != 0 {
			out.Message += " (HTTP " + strconv.Itoa(e.Status) + ")"
		}
	default:
		out.Code, out.Message = clinic.EINTERNAL, "Kesalahan internal saat menghubungi PCare."
	}
	return out
}

// CancelRegistration deletes a registration at PCare; a 304 (already gone)
// counts as done.
func (c Central) CancelRegistration(ctx context.Context, r clinic.Registration) error {
	if err := c.C.DeletePendaftaran(ctx, r.CardNo, NewDate(r.Date), r.QueueNo, r.PoliCode); err != nil {
		return domainError(err)
	}
	return nil
}
