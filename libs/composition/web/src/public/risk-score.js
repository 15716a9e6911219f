// Progressive enhancement of the referral form: the risk score and band update as the questions
// are answered. Without this script the form's "Work out the score" button does the same on the server.
const form = document.querySelector('[data-risk-questionnaire]');
const output = document.getElementById('risk-score');

const BANDS = { standard: 'Standard', medium: 'Medium', high: 'High', very_high: 'Very high' };

function update() {
  const thresholds = {
    medium: Number(form.dataset.medium),
    high: Number(form.dataset.high),
    veryHigh: Number(form.dataset.veryHigh),
  };
  const questions = form.querySelectorAll('[data-risk-question]');
  let score = 0;
  let answered = 0;
  for (const question of questions) {
    const chosen = question.querySelector('input[type="radio"]:checked');
    if (!chosen) continue;
    score += Number(chosen.dataset.score);
    answered += 1;
  }
  const band =
    score >= thresholds.veryHigh
      ? 'very_high'
      : score >= thresholds.high
        ? 'high'
        : score >= thresholds.medium
          ? 'medium'
          : 'standard';
  const complete = answered === questions.length;
  output.textContent = complete
    ? `Score ${score}: ${BANDS[band]} risk`
    : `Score so far ${score} (${answered} of ${questions.length} questions answered): at least ${BANDS[band]} risk`;
  output.dataset.band = band;
}

if (form && output) {
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.closest('[data-risk-question]')) update();
  });
  update();
}
