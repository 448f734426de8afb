package clinic

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/go-playground/validator/v10"
)

type nowKey struct{}

// validate is shared: validator caches struct metadata, and building it per
// call would cost more than the check.
var validate = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Messages name fields as the form labels them.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		if l := f.Tag.Get("label"); l != "" {
			return l
		}
		return f.Name
	})
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(v.RegisterValidation("noka", func(fl validator.FieldLevel) bool {
		return ValidCardNo(fl.Field().String())
	}))
	must(v.RegisterValidationCtx("nik", func(ctx context.Context, fl validator.FieldLevel) bool {
		_, err := ParseNIK(fl.Field().String(), nowFrom(ctx))
		return err == nil
	}))
	must(v.RegisterValidationCtx("notfuture", func(ctx context.Context, fl validator.FieldLevel) bool {
		t, ok := fl.Field().Interface().(time.Time)
		if !ok || t.IsZero() {
			return true
		}
		now := nowFrom(ctx)
		end := time.Date(now.Year(), now.Month(), now.Day(), 23, 59, 59, 0, now.Location())
		return !t.After(end)
	}))
	return v
})

func nowFrom(ctx context.Context) time.Time {
	if t, ok := ctx.Value(nowKey{}).(time.Time); ok {
		return t
	}
	return time.Now()
}

// Validate checks a struct's `validate` tags as of now and returns an
// EINVALID *Error whose Fields speak Bahasa Indonesia, or nil.
func Validate(v any, now time.Time) error {
	err := validate().StructCtx(context.WithValue(context.Background(), nowKey{}, now), v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return &Error{Code: EINTERNAL, Message: "Validasi gagal.", Err: err}
	}
	out := &Error{Code: EINVALID}
	for _, fe := range verrs {
		out.Fields = append(out.Fields, FieldError{Field: fe.StructField(), Label: fe.Field(), Message: message(fe)})
	}
	if len(out.Fields) == 1 {
		out.Message = out.Fields[0].Message
	} else {
		out.Message = fmt.Sprintf("Ada %d isian yang perlu diperbaiki.", len(out.Fields))
	}
	return out
}

// message words one failed rule for a front-desk person.
func message(fe validator.FieldError) string {
	label := fe.Field()
	switch fe.Tag() {
	case "required":
		return label + " wajib diisi."
	case "noka":
		return label + " harus 13 digit angka."
	case "nik":
		return label + " tidak valid: harus 16 digit dengan kode wilayah dan tanggal lahir yang benar."
	case "notfuture":
		return label + " tidak boleh di masa depan."
	case "min":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("%s minimal %s karakter.", label, fe.Param())
		}
		return fmt.Sprintf("%s terlalu kecil (minimal %s).", label, fe.Param())
	case "max":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("%s maksimal %s karakter.", label, fe.Param())
		}
		return fmt.Sprintf("%s terlalu besar (maksimal %s).", label, fe.Param())
	case "oneof":
		return fmt.Sprintf("%s harus salah satu dari: %s.", label, strings.ReplaceAll(fe.Param(), " ", ", "))
	case "ltfield":
		return label + " harus lebih kecil dari tekanan sistolik."
	}
	return label + " tidak valid."
}
