package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http"
	"testing"
	"time"
)

// The self-derived vector of platform-examples.md §0.8 (Discord publishes
// none): RFC 8032's TEST 1 key signing "1700000000" + `{"type":1}`.
const (
	vectorSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	vectorKey  = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	vectorTS   = "1700000000"
	vectorBody = `{"type":1}`
	vectorSig  = "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f"
	// RFC 8032 TEST 1's own signature of the empty message: the key is the
	// one the RFC means.
	rfcEmptySig = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)

func TestVerifierVector(t *testing.T) {
	seed, _ := hex.DecodeString(vectorSeed)
	priv := ed25519.NewKeyFromSeed(seed)
	if got := hex.EncodeToString(ed25519.Sign(priv, nil)); got != rfcEmptySig {
		t.Fatalf("RFC 8032 TEST 1 sanity check: %s", got)
	}
	if got := Sign(priv, vectorTS, []byte(vectorBody)); got != vectorSig {
		t.Errorf("Sign = %s, want the vector's signature", got)
	}
	pub, err := ParsePublicKey(vectorKey)
	if err != nil {
		t.Fatal(err)
	}
	signedAt := time.Unix(1700000000, 0)
	header := func(sig, ts string) http.Header {
		h := http.Header{}
		h.Set("X-Signature-Ed25519", sig)
		h.Set("X-Signature-Timestamp", ts)
		return h
	}
	other, _, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name string
		key  ed25519.PublicKey
		now  time.Time
		h    http.Header
		body string
		want error
	}{
		{"the vector", pub, signedAt, header(vectorSig, vectorTS), vectorBody, nil},
		{"4 minutes later", pub, signedAt.Add(4 * time.Minute), header(vectorSig, vectorTS), vectorBody, nil},
		{"6 minutes later", pub, signedAt.Add(6 * time.Minute), header(vectorSig, vectorTS), vectorBody, ErrStale},
		{"6 minutes early", pub, signedAt.Add(-6 * time.Minute), header(vectorSig, vectorTS), vectorBody, ErrStale},
		{"body changed", pub, signedAt, header(vectorSig, vectorTS), `{"type":2}`, ErrSignature},
		{"timestamp changed", pub, signedAt, header(vectorSig, "1700000001"), vectorBody, ErrSignature},
		{"another key", other, signedAt, header(vectorSig, vectorTS), vectorBody, ErrSignature},
		{"no signature", pub, signedAt, header("", vectorTS), vectorBody, ErrNoSignature},
		{"signature not hex", pub, signedAt, header("zz"+vectorSig[2:], vectorTS), vectorBody, ErrNoSignature},
		{"signature short", pub, signedAt, header(vectorSig[:64], vectorTS), vectorBody, ErrNoSignature},
		{"no timestamp", pub, signedAt, header(vectorSig, ""), vectorBody, ErrNoSignature},
		{"timestamp not a number", pub, signedAt, header(vectorSig, "soon"), vectorBody, ErrNoSignature},
		{"no key configured", nil, signedAt, header(vectorSig, vectorTS), vectorBody, ErrNoKey},
	}
	for _, tt := range tests {
		v := &Verifier{PublicKey: tt.key, Now: func() time.Time { return tt.now }}
		if err := v.Verify(tt.h, []byte(tt.body)); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParsePublicKey(t *testing.T) {
	for _, bad := range []string{"", "d75a98", vectorKey + "00", "x" + vectorKey[1:]} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("%q accepted as a public key", bad)
		}
	}
}
