package pcare

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// seg escapes one path segment (a diagnosis keyword may hold spaces).
func seg(s string) string { return url.PathEscape(s) }

func page(start, limit int) string {
	return strconv.Itoa(start) + "/" + strconv.Itoa(limit)
}

// get fetches one object; a null payload is NotFound.
func get[T any](c *Client, ctx context.Context, path string) (*T, error) {
	var v *T
	raw, err := c.call(ctx, http.MethodGet, path, nil, &v)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, &Error{Kind: KindNotFound, Method: http.MethodGet, Path: maskPath(path),
			Status: 200, Message: "empty answer", Err: fmt.Errorf("payload %s", snippet(raw))}
	}
	return v, nil
}

// getList fetches a {count,list}; "no data" (204/404) is an empty list.
func getList[T any](c *Client, ctx context.Context, path string) (List[T], error) {
	var l List[T]
	_, err := c.call(ctx, http.MethodGet, path, nil, &l)
	if IsKind(err, KindNotFound) {
		return List[T]{}, nil
	}
	if err != nil {
		return List[T]{}, err
	}
	if l.Count == 0 {
		l.Count = Int(len(l.List))
	}
	return l, nil
}

// create sends a write and returns the {field,message} pairs of its answer.
func (c *Client) create(ctx context.Context, method, path string, body any) ([]FieldMessage, error) {
	raw, err := c.call(ctx, method, path, body, nil)
	if err != nil {
		return nil, err
	}
	return fieldMessages(raw), nil
}

// createdValue picks the message of the pair named field, or of the only pair.
func createdValue(method, path string, fm []FieldMessage, field string) (string, error) {
	for _, f := range fm {
		if strings.EqualFold(f.Field, field) {
			return f.Message, nil
		}
	}
	if len(fm) == 1 && fm[0].Message != "" {
		return fm[0].Message, nil
	}
	// Stored by PCare, yet we did not get its number: the caller must look it up.
	return "", &Error{Kind: KindOutcomeUnknown, Method: method, Path: maskPath(path),
		Message: "PCare accepted the write but its answer has no " + field}
}

// --- Peserta ---------------------------------------------------------------

// PesertaByNoKartu looks a participant up by BPJS card number (13 digits).
func (c *Client) PesertaByNoKartu(ctx context.Context, noKartu string) (*Peserta, error) {
	return get[Peserta](c, ctx, "peserta/"+seg(noKartu))
}

// PesertaByNIK looks a participant up by NIK (16 digits).
func (c *Client) PesertaByNIK(ctx context.Context, nik string) (*Peserta, error) {
	return get[Peserta](c, ctx, "peserta/nik/"+seg(nik))
}

// --- Pendaftaran -----------------------------------------------------------

// AddPendaftaran registers a visit and returns its queue number (noUrut).
// On KindOutcomeUnknown, look it up with ListPendaftaran before anything else.
func (c *Client) AddPendaftaran(ctx context.Context, p Pendaftaran) (string, error) {
	fm, err := c.create(ctx, http.MethodPost, "pendaftaran", p)
	if err != nil {
		return "", err
	}
	return createdValue(http.MethodPost, "pendaftaran", fm, "noUrut")
}

// GetPendaftaran fetches one registration by queue number and date.
func (c *Client) GetPendaftaran(ctx context.Context, noUrut string, tgl Date) (*PendaftaranItem, error) {
	return get[PendaftaranItem](c, ctx, "pendaftaran/noUrut/"+seg(noUrut)+"/tglDaftar/"+tgl.String())
}

// ListPendaftaran lists the clinic's registrations of a day, a page at a time.
func (c *Client) ListPendaftaran(ctx context.Context, tgl Date, start, limit int) (List[PendaftaranItem], error) {
	return getList[PendaftaranItem](c, ctx, "pendaftaran/tglDaftar/"+tgl.String()+"/"+page(start, limit))
}

// DeletePendaftaran removes a registration; a 304 (already gone) is success.
func (c *Client) DeletePendaftaran(ctx context.Context, noKartu string, tgl Date, noUrut, kdPoli string) error {
	path := "pendaftaran/peserta/" + seg(noKartu) + "/tglDaftar/" + tgl.String() + "/noUrut/" + seg(noUrut) + "/kdPoli/" + seg(kdPoli)
	_, err := c.call(ctx, http.MethodDelete, path, nil, nil)
	if IsKind(err, KindNotModified) {
		return nil
	}
	return err
}

// --- Kunjungan -------------------------------------------------------------

// ValidateKunjungan catches, before sending, the shapes that PCare answers
// with an opaque 500: a referral status without rujukLanjut, a rujukLanjut
// with both or neither shape, and a TACC code outside -1..4.
func ValidateKunjungan(k Kunjungan) error {
	var probs []FieldMessage
	if IsReferral(k.KdStatusPulang) {
		switch {
		case k.RujukLanjut == nil:
			probs = append(probs, FieldMessage{"rujukLanjut", "required when kdStatusPulang is a referral"})
		case (k.RujukLanjut.SubSpesialis == nil) == (k.RujukLanjut.Khusus == nil):
			probs = append(probs, FieldMessage{"rujukLanjut", "needs exactly one of subSpesialis or khusus"})
		default:
			if k.RujukLanjut.KdPPK == "" {
				probs = append(probs, FieldMessage{"rujukLanjut.kdppk", "hospital is required"})
			}
			if k.RujukLanjut.TglEstRujuk.IsZero() {
				probs = append(probs, FieldMessage{"rujukLanjut.tglEstRujuk", "planned date is required"})
			}
			if s := k.RujukLanjut.SubSpesialis; s != nil && s.KdSubSpesialis1 == "" {
				probs = append(probs, FieldMessage{"rujukLanjut.subSpesialis.kdSubSpesialis1", "required"})
			}
			if s := k.RujukLanjut.Khusus; s != nil && s.KdKhusus == "" {
				probs = append(probs, FieldMessage{"rujukLanjut.khusus.kdKhusus", "required"})
			}
		}
	} else if k.RujukLanjut != nil {
		probs = append(probs, FieldMessage{"rujukLanjut", "only with a referral status"})
	}
	if k.KdTacc != TaccNone && (k.KdTacc < TaccTime || k.KdTacc > TaccComorbidity) {
		probs = append(probs, FieldMessage{"kdTacc", "must be -1 (none) or 1..4"})
	}
	if k.KdTacc != TaccNone && k.AlasanTacc == "" {
		probs = append(probs, FieldMessage{"alasanTacc", "required with a TACC code"})
	}
	if len(probs) > 0 {
		return &Error{Kind: KindValidation, Message: "visit is not complete", Fields: probs}
	}
	return nil
}

// AddKunjungan records an examination and returns noKunjungan, which is also
// the referral number. On KindOutcomeUnknown, reconcile with RiwayatKunjungan.
func (c *Client) AddKunjungan(ctx context.Context, k Kunjungan) (string, error) {
	k.NoKunjungan = ""
	if err := ValidateKunjungan(k); err != nil {
		return "", withCall(err, http.MethodPost, "kunjungan/V1")
	}
	fm, err := c.create(ctx, http.MethodPost, "kunjungan/V1", k)
	if err != nil {
		return "", err
	}
	return createdValue(http.MethodPost, "kunjungan/V1", fm, "noKunjungan")
}

// EditKunjungan changes a recorded examination (k.NoKunjungan required).
func (c *Client) EditKunjungan(ctx context.Context, k Kunjungan) error {
	if k.NoKunjungan == "" {
		return &Error{Kind: KindValidation, Method: http.MethodPut, Path: "kunjungan/V1",
			Fields: []FieldMessage{{"noKunjungan", "required on edit"}}}
	}
	if err := ValidateKunjungan(k); err != nil {
		return withCall(err, http.MethodPut, "kunjungan/V1")
	}
	_, err := c.create(ctx, http.MethodPut, "kunjungan/V1", k)
	return err
}

// DeleteKunjungan removes a visit (its drugs and procedures must go first).
func (c *Client) DeleteKunjungan(ctx context.Context, noKunjungan string) error {
	_, err := c.call(ctx, http.MethodDelete, "kunjungan/"+seg(noKunjungan), nil, nil)
	if IsKind(err, KindNotModified) {
		return nil
	}
	return err
}

// RiwayatKunjungan lists a participant's visit history.
func (c *Client) RiwayatKunjungan(ctx context.Context, noKartu string) (List[RiwayatKunjungan], error) {
	return getList[RiwayatKunjungan](c, ctx, "kunjungan/peserta/"+seg(noKartu))
}

// Rujukan fetches what the referral letter needs.
func (c *Client) Rujukan(ctx context.Context, noKunjungan string) (*Rujukan, error) {
	return get[Rujukan](c, ctx, "kunjungan/rujukan/"+seg(noKunjungan))
}

// --- Tindakan and obat per visit --------------------------------------------

// AddTindakan adds a procedure to a visit and returns kdTindakanSK.
func (c *Client) AddTindakan(ctx context.Context, t Tindakan) (string, error) {
	t.KdTindakanSK = 0
	fm, err := c.create(ctx, http.MethodPost, "tindakan", t)
	if err != nil {
		return "", err
	}
	return createdValue(http.MethodPost, "tindakan", fm, "kdTindakanSK")
}

// EditTindakan changes a procedure (t.KdTindakanSK required).
func (c *Client) EditTindakan(ctx context.Context, t Tindakan) error {
	_, err := c.create(ctx, http.MethodPut, "tindakan", t)
	return err
}

// ListTindakan lists a visit's procedures.
func (c *Client) ListTindakan(ctx context.Context, noKunjungan string) (List[TindakanItem], error) {
	return getList[TindakanItem](c, ctx, "tindakan/kunjungan/"+seg(noKunjungan))
}

// DeleteTindakan removes a procedure from a visit.
func (c *Client) DeleteTindakan(ctx context.Context, kdTindakanSK, noKunjungan string) error {
	_, err := c.call(ctx, http.MethodDelete, "tindakan/"+seg(kdTindakanSK)+"/kunjungan/"+seg(noKunjungan), nil, nil)
	if IsKind(err, KindNotModified) {
		return nil
	}
	return err
}

// AddObat adds a drug to a visit and returns kdObatSK.
func (c *Client) AddObat(ctx context.Context, o Obat) (string, error) {
	o.KdObatSK = 0
	fm, err := c.create(ctx, http.MethodPost, "obat/kunjungan", o)
	if err != nil {
		return "", err
	}
	return createdValue(http.MethodPost, "obat/kunjungan", fm, "kdObatSK")
}

// ListObat lists a visit's drugs.
func (c *Client) ListObat(ctx context.Context, noKunjungan string) (List[ObatItem], error) {
	return getList[ObatItem](c, ctx, "obat/kunjungan/"+seg(noKunjungan))
}

// DeleteObat removes a drug from a visit.
func (c *Client) DeleteObat(ctx context.Context, kdObatSK, noKunjungan string) error {
	_, err := c.call(ctx, http.MethodDelete, "obat/"+seg(kdObatSK)+"/kunjungan/"+seg(noKunjungan), nil, nil)
	if IsKind(err, KindNotModified) {
		return nil
	}
	return err
}

// --- References --------------------------------------------------------------

// Diagnosa searches diagnoses by code or name.
func (c *Client) Diagnosa(ctx context.Context, keyword string, start, limit int) (List[Diagnosa], error) {
	return getList[Diagnosa](c, ctx, "diagnosa/"+seg(keyword)+"/"+page(start, limit))
}

// Dokter lists the clinic's doctors.
func (c *Client) Dokter(ctx context.Context, start, limit int) (List[Dokter], error) {
	return getList[Dokter](c, ctx, "dokter/"+page(start, limit))
}

// Kesadaran lists levels of consciousness.
func (c *Client) Kesadaran(ctx context.Context) (List[Kesadaran], error) {
	return getList[Kesadaran](c, ctx, "kesadaran")
}

// PoliFKTP lists the clinic's units.
func (c *Client) PoliFKTP(ctx context.Context, start, limit int) (List[Poli], error) {
	return getList[Poli](c, ctx, "poli/fktp/"+page(start, limit))
}

// Provider lists the providers of the clinic's area (rayonisasi).
func (c *Client) Provider(ctx context.Context, start, limit int) (List[Provider], error) {
	return getList[Provider](c, ctx, "provider/"+page(start, limit))
}

// StatusPulang lists discharge statuses for outpatient or inpatient care.
func (c *Client) StatusPulang(ctx context.Context, rawatInap bool) (List[StatusPulang], error) {
	return getList[StatusPulang](c, ctx, "statuspulang/rawatInap/"+strconv.FormatBool(rawatInap))
}

// Prognosa lists prognoses.
func (c *Client) Prognosa(ctx context.Context) (List[Prognosa], error) {
	return getList[Prognosa](c, ctx, "prognosa")
}

// Alergi lists allergies of one kind (AlergiMakanan, AlergiUdara, AlergiObat).
func (c *Client) Alergi(ctx context.Context, jenis string) (List[Alergi], error) {
	return getList[Alergi](c, ctx, "alergi/jenis/"+seg(jenis))
}

// Spesialis lists specialities.
func (c *Client) Spesialis(ctx context.Context) (List[Spesialis], error) {
	return getList[Spesialis](c, ctx, "spesialis")
}

// SubSpesialis lists the sub-specialities of a speciality.
func (c *Client) SubSpesialis(ctx context.Context, kdSpesialis string) (List[SubSpesialis], error) {
	return getList[SubSpesialis](c, ctx, "spesialis/"+seg(kdSpesialis)+"/subspesialis")
}

// Sarana lists facilities (sarana) a referral may need.
func (c *Client) Sarana(ctx context.Context) (List[Sarana], error) {
	return getList[Sarana](c, ctx, "spesialis/sarana")
}

// Khusus lists the special referral cases.
func (c *Client) Khusus(ctx context.Context) (List[Khusus], error) {
	return getList[Khusus](c, ctx, "spesialis/khusus")
}

// FaskesRujukanSubSpesialis lists hospitals that take a sub-specialist
// referral on a date. An empty kdSarana is sent as "0" (no facility needed).
func (c *Client) FaskesRujukanSubSpesialis(ctx context.Context, kdSubSpesialis, kdSarana string, tglEstRujuk Date) (List[FaskesRujukan], error) {
	if kdSarana == "" {
		kdSarana = "0"
	}
	return getList[FaskesRujukan](c, ctx, "spesialis/rujuk/subspesialis/"+seg(kdSubSpesialis)+"/sarana/"+seg(kdSarana)+"/tglEstRujuk/"+tglEstRujuk.String())
}

// FaskesRujukanKhusus lists hospitals for a special case. kdSubSpesialis is
// only for THA and HEM; leave it empty otherwise.
func (c *Client) FaskesRujukanKhusus(ctx context.Context, kdKhusus, kdSubSpesialis, noKartu string, tglEstRujuk Date) (List[FaskesRujukan], error) {
	path := "spesialis/rujuk/khusus/" + seg(kdKhusus)
	if kdSubSpesialis != "" {
		path += "/subspesialis/" + seg(kdSubSpesialis)
	}
	path += "/noKartu/" + seg(noKartu) + "/tglEstRujuk/" + tglEstRujuk.String()
	return getList[FaskesRujukan](c, ctx, path)
}

// TindakanRef lists procedures for a TKP (TkpRawatJalan, TkpRawatInap, TkpPromotif).
func (c *Client) TindakanRef(ctx context.Context, kdTkp string, start, limit int) (List[TindakanRef], error) {
	return getList[TindakanRef](c, ctx, "tindakan/kdTkp/"+seg(kdTkp)+"/"+page(start, limit))
}

// ObatDPHO searches the DPHO drug list by code or name.
func (c *Client) ObatDPHO(ctx context.Context, keyword string, start, limit int) (List[ObatRef], error) {
	return getList[ObatRef](c, ctx, "obat/dpho/"+seg(keyword)+"/"+page(start, limit))
}

// withCall fills in the method and path of a validation error made locally.
func withCall(err error, method, path string) error {
	if e, ok := err.(*Error); ok {
		e.Method, e.Path = method, path
	}
	return err
}

// Raw performs a GET and returns the decoded payload as JSON text, for tools
// (fktpctl --json) that show PCare's own field names.
func (c *Client) Raw(ctx context.Context, path string) (json.RawMessage, error) {
	return c.call(ctx, http.MethodGet, strings.TrimLeft(path, "/"), nil, nil)
}
