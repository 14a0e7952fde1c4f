package value

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"１２０", "120"},
		{"ｕｎｉｔｓ", "units"},
		{" ３，２００．５０ ", "3,200.50"},
		{"４５％", "45%"},
		{"￥３２００", "¥3200"},
		{"１８：００", "18:00"},
		{"3\u00a0200", "3 200"},
		{"3\u202f200", "3 200"},
		{"2026年12月", "2026年12月"}, // Chinese characters are not width variants
		{"a\u3000b", "a b"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
