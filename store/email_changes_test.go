package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

// A link followed twice at once (a double click, a mail scanner beside its reader) changes the
// address once; two new requests beside them take the same locks in the same order (the
// account's row, then its links), so none of them fails for any other reason.
func TestEmailChangeConfirmedOnceBesideNewRequests(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "amina")
	for round := range 30 {
		_, hash, err := auth.NewToken(auth.EmailPrefix)
		if err != nil {
			t.Fatal(err)
		}
		addr := fmt.Sprintf("amina%d@school.example", round)
		if err := db.CreateEmailChange(ctx, u.ID, addr, hash, time.Now().Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var confirmed int
		var olds []string
		var fail error
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, old, err := db.ConfirmEmailChange(ctx, hash, time.Now())
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					confirmed++
					olds = append(olds, old)
				case !errors.Is(err, store.ErrNotFound) && fail == nil:
					fail = err
				}
			}()
		}
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, next, err := auth.NewToken(auth.EmailPrefix)
				if err == nil {
					err = db.CreateEmailChange(ctx, u.ID, fmt.Sprintf("next%d-%d@school.example", round, i), next, time.Now().Add(time.Hour), false)
				}
				if err != nil {
					mu.Lock()
					fail = err
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if fail != nil {
			t.Fatalf("round %d: %v", round, fail)
		}
		if confirmed > 1 {
			t.Fatalf("round %d: the link changed the address %d times (old addresses %v)", round, confirmed, olds)
		}
		got, err := db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if confirmed == 1 && got.Email != addr {
			t.Fatalf("round %d: confirmed, but the address is %q", round, got.Email)
		}
	}
}

// A password reset and a change of address confirmed at the same moment both lock the
// account's row before its links. Taken the other way round (the reset link's row, then the
// account), each could wait for the other and PostgreSQL would fail one as a deadlock.
func TestResetBesideAddressChangeNeverDeadlocks(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "amina")
	for round := range 30 {
		_, reset, err := auth.NewToken(auth.ResetPrefix)
		if err != nil {
			t.Fatal(err)
		}
		_, change, err := auth.NewToken(auth.EmailPrefix)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		addr := fmt.Sprintf("amina%d@school.example", round)
		if err := db.CreatePasswordReset(ctx, u.ID, cur.Email, reset, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateEmailChange(ctx, u.ID, addr, change, time.Now().Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		wg.Go(func() { _, errs[0] = db.ResetPassword(ctx, reset, time.Now(), fmt.Sprintf("hash-%d", round)) })
		wg.Go(func() { _, _, errs[1] = db.ConfirmEmailChange(ctx, change, time.Now()) })
		wg.Wait()
		// The change voids reset links, so a reset that comes second finds none.
		if errs[1] != nil || (errs[0] != nil && !errors.Is(errs[0], store.ErrNotFound)) {
			t.Fatalf("round %d: reset %v, change %v", round, errs[0], errs[1])
		}
		got, err := db.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != addr || !got.EmailVerified {
			t.Fatalf("round %d: after the change %q (confirmed %v)", round, got.Email, got.EmailVerified)
		}
	}
}
