package auth0sim

// rng is splitmix64: tiny, fast and good enough for synthetic data. Every event owns one, seeded
// from (seed, index, purpose), so any event can be rendered alone, in any order, identically.
type rng struct{ s uint64 }

// Salts keep the independent draws of one event (its code, its date lag, its content) apart.
const (
	saltCode uint64 = 0x243f6a8885a308d3
	saltLag  uint64 = 0x13198a2e03707344
	saltBody uint64 = 0xa4093822299f31d0
	saltID   uint64 = 0x082efa98ec4e6c89
)

func newRNG(seed int64, i int, salt uint64) rng {
	return rng{s: uint64(seed)*0x9e3779b97f4a7c15 ^ uint64(i)*0xbf58476d1ce4e5b9 ^ salt}
}

// hash is the first draw of newRNG(seed, i, salt).
func hash(seed int64, i int, salt uint64) uint64 {
	r := newRNG(seed, i, salt)
	return r.next()
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n); the modulo bias is irrelevant for test data.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return float64(r.next()>>11)/(1<<53) < p }

func (r *rng) pick(xs []string) string { return xs[r.intn(len(xs))] }

// pick2 returns a or b, evenly.
func (r *rng) pick2(a, b int) int {
	if r.chance(0.5) {
		return a
	}
	return b
}

const (
	hexDigits = "0123456789abcdef"
	decimal   = "0123456789"
	alnum     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// appendHex appends n random lower-case hex digits.
func (r *rng) appendHex(b []byte, n int) []byte { return r.appendFrom(b, n, hexDigits, 16) }

// appendAlnum appends n random letters and digits (the alphabet of Auth0 client and connection ids).
func (r *rng) appendAlnum(b []byte, n int) []byte { return r.appendFrom(b, n, alnum, 10) }

// appendDigits appends n random decimal digits.
func (r *rng) appendDigits(b []byte, n int) []byte { return r.appendFrom(b, n, decimal, 19) }

// appendFrom appends n random characters of alphabet, perDraw of them from each 64-bit draw
// (len(alphabet)^perDraw must not exceed 2^64).
func (r *rng) appendFrom(b []byte, n int, alphabet string, perDraw int) []byte {
	base := uint64(len(alphabet))
	var v uint64
	for k := range n {
		if k%perDraw == 0 {
			v = r.next()
		}
		b = append(b, alphabet[v%base])
		v /= base
	}
	return b
}
