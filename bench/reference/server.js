// The reference receiver from neoagent's documentation (docs.neoagent.co, "Lead Webhook",
// "Receiving Endpoint"): Express, express.json(), the signature checked over
// t + "." + JSON.stringify(req.body) with HMAC-SHA256, then a success reply. It stores nothing.
// Used by bench/run as the baseline the bridge must at least match.
const crypto = require('crypto');
const express = require('express');

const webhookSigningKey = process.env.WEBHOOK_SIGNING_KEY;
const app = express();
app.use(express.json());

app.post('/webhooks/neoagent', (req, res) => {
  try {
    // Extract the timestamp and signature from the header
    const neoagentSignature = req.get('X-Webhook-Signature') || '';
    const { t, signature } = neoagentSignature.split(',').reduce((acc, currentValue) => {
      const [key, value] = currentValue.split('=');
      if (key === 't') {
        acc.t = value;
      }
      if (key === 'v1') {
        acc.signature = value;
      }
      return acc;
    }, { t: '', signature: '' });
    if (!t || !signature) throw new Error('Invalid signature');

    // Create the signed payload by concatenating the timestamp and the JSON body
    const signedPayload = `${t}.${JSON.stringify(req.body)}`;
    const expectedSignature = crypto.createHmac('sha256', webhookSigningKey)
      .update(signedPayload)
      .digest('hex');
    if (expectedSignature.length !== signature.length
        || !crypto.timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature))) {
      throw new Error('Invalid signature');
    }
    res.json({ status: 'success' });
  } catch (err) {
    res.status(401).json({ status: 'error', message: err.message });
  }
});

app.listen(Number(process.env.PORT || 3000), '127.0.0.1');
