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
	alnum     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// appendHex appends n random lower-case hex digits.
func (r *rng) appendHex(b []byte, n int) []byte {
	var v uint64
	for k := range n {
		if k%16 == 0 {
			v = r.next()
		}
		b = append(b, hexDigits[v&15])
		v >>= 4
	}
	return b
}

// appendAlnum appends n random letters and digits (the alphabet of Auth0 client and connection ids).
func (r *rng) appendAlnum(b []byte, n int) []byte {
	var v uint64
	for k := range n {
		if k%10 == 0 {
			v = r.next()
		}
		b = append(b, alnum[v%uint64(len(alnum))])
		v /= uint64(len(alnum))
	}
	return b
}

// appendDigits appends n random decimal digits.
func (r *rng) appendDigits(b []byte, n int) []byte {
	var v uint64
	for k := range n {
		if k%19 == 0 {
			v = r.next()
		}
		b = append(b, byte('0'+v%10))
		v /= 10
	}
	return b
}
