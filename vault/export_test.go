package vault

// Argon2id is made cheap for this package's tests; BenchmarkDeriveKEK
// measures the real parameters.
func init() { kdfParams = KDF{Time: 1, MemoryKiB: 64, Threads: 1} }

// DEK exposes the data key so that a test can see Close zero it.
func DEK(v *Vault) []byte { return v.dek }

// DeriveKEK exposes the key derivation to the benchmark.
func DeriveKEK(k KDF, password string) ([]byte, error) { return k.derive(password) }
