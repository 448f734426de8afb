package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"fktpdesk/clinic"
)

// runOutbox lists the outbox: counts per state, then the items of a state
// (default: everything not yet at PCare) with PCare's messages.
func runOutbox(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("outbox", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := dataFlag(fs)
	state := fs.String("state", "", "pending, sending, sent, needs-correction or unknown (default: all not yet sent)")
	limit := fs.Int("limit", 50, "most items to list")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	valid := map[string]bool{"": true, clinic.SyncPending: true, clinic.SyncSending: true, clinic.SyncSent: true,
		clinic.SyncCorrection: true, clinic.SyncUnknown: true}
	if !valid[*state] {
		e.errorf("unknown state %q", *state)
		return exitUsage
	}
	db, code := openedStore(ctx, e, *data)
	if db == nil {
		return code
	}
	defer db.Close()
	counts, err := db.Counts(ctx)
	if err != nil {
		return reportDomain(e, err)
	}
	order := []string{clinic.SyncPending, clinic.SyncSending, clinic.SyncUnknown, clinic.SyncCorrection, clinic.SyncSent}
	for _, s := range order {
		fmt.Fprintf(e.stdout, "%-17s %d\n", s, counts[s])
	}
	items, err := db.Items(ctx, *state, *limit*5)
	if err != nil {
		return reportDomain(e, err)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	shown := 0
	for _, it := range items {
		if *state == "" && it.State == clinic.SyncSent {
			continue
		}
		if shown == 0 {
			fmt.Fprintln(e.stdout)
			fmt.Fprintln(tw, "ID\tKIND\tOP\tRECORD\tSTATE\tATTEMPTS\tNEXT TRY\tREMOTE\tMESSAGE")
		}
		if shown == *limit {
			break
		}
		shown++
		msg := it.LastError
		for _, f := range it.Fields {
			msg += " [" + f.Field + ": " + f.Message + "]"
		}
		next := "-"
		if !it.NextAttempt.IsZero() && it.State != clinic.SyncSent && it.State != clinic.SyncCorrection {
			next = it.NextAttempt.Local().Format("02-01 15:04:05")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\n", it.ID, it.Kind, it.Op, it.EntityID, it.State, it.Attempts, next, it.Remote, msg)
	}
	tw.Flush()
	if counts[clinic.SyncCorrection] > 0 {
		return exitFailure // a person must act: schedulers and scripts should notice
	}
	return exitOK
}
