package model

// Band is the severity band of a risk score.
type Band string

const (
	BandLow      Band = "low"      // 1–4
	BandMedium   Band = "medium"   // 5–9
	BandHigh     Band = "high"     // 10–14
	BandCritical Band = "critical" // 15–25
)

// BandOf returns the band of a likelihood × impact score.
func BandOf(score int) Band {
	switch {
	case score >= 15:
		return BandCritical
	case score >= 10:
		return BandHigh
	case score >= 5:
		return BandMedium
	default:
		return BandLow
	}
}

// Score is the inherent risk: likelihood × impact.
func (r Risk) Score() int { return r.Likelihood * r.Impact }

// Band is the band of the inherent score.
func (r Risk) Band() Band { return BandOf(r.Score()) }

// HasResidual reports whether a residual (after mitigation) assessment exists.
func (r Risk) HasResidual() bool { return r.ResidualLikelihood > 0 && r.ResidualImpact > 0 }

// ResidualScore is the score after mitigation, or the inherent score when
// no residual assessment exists.
func (r Risk) ResidualScore() int {
	if !r.HasResidual() {
		return r.Score()
	}
	return r.ResidualLikelihood * r.ResidualImpact
}

// IsOpen reports whether the risk still needs attention (open or being mitigated).
func (r Risk) IsOpen() bool { return r.Status == RiskOpen || r.Status == RiskMitigating }
