// The clinic's reference web client: plain JavaScript, no framework, no build step.
// It calls the API with fetch and a bearer token, as any web app would; sign-in is the API's own
// POST /api/api/token_obtain (the same user pool, USER_PASSWORD_AUTH behind it), so the page
// needs nothing but the API. Every failed call is shown in the API's own words (its "error"),
// with the fields of a 400 highlighted. The API is this page's origin unless ?api= names another
// (that origin must then be one of the API's CorsAllowedOrigins).

const apiBase = (new URLSearchParams(location.search).get('api') || location.origin).replace(/\/$/, '');
const $ = (selector, root = document) => root.querySelector(selector);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

let session = JSON.parse(sessionStorage.getItem('clinic.session') || 'null');
let nextPage = null; // the Link of the open slots' next page
let rescheduling = null; // the appointment being moved, while the patient picks a new time
let timeSlots = [];
let specialties = null; // the clinic's list, once loaded
let chosenPatient = null; // staff: the patient they book for
let morePatients = null; // staff: the Link of the patient search's next page
let staffNextPage = null; // staff: the Link of the open slots' next page

// ---------------------------------------------------------------- the API

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error || body?.message || `The API answered ${status}`);
    this.status = status;
    this.code = body?.code;
    this.fields = body?.fields || {};
  }
}

/** One call; resolves to { body, link } or throws an ApiError with the API's words. */
async function api(method, path, body, headers = {}) {
  const url = path.startsWith('http') ? path : apiBase + path;
  const sent = { Accept: 'application/json', ...headers };
  if (session) sent.Authorization = `Bearer ${session.access}`;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (unreachable) {
    throw new ApiError(0, { error: `Could not reach the API at ${apiBase} (is it running, and does it allow this page's origin?)` });
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { error: text }; }
  if (response.status === 401 && session) {
    signOut();
    throw new ApiError(401, { error: 'Your session has ended: please sign in again.' });
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  const link = response.headers.get('Link');
  const next = link && /<([^>]+)>;\s*rel="next"/.exec(link);
  return { body: parsed, next: next ? new URL(next[1], apiBase + '/').href : null };
}

// ---------------------------------------------------------------- messages

function say(text, kind = 'info') {
  const message = $('#message');
  message.textContent = text;
  message.className = kind;
  message.hidden = !text;
}

/** The API's words on the page; for a 400, each named field marked and explained beside it. */
function clearMarks() {
  document.querySelectorAll('.invalid').forEach((input) => input.classList.remove('invalid'));
  document.querySelectorAll('.field-error').forEach((note) => note.remove());
}

function showError(error, form) {
  clearMarks();
  say(error.message, 'error');
  if (!form) return;
  for (const [field, problem] of Object.entries(error.fields || {})) {
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`) || form.querySelector(`[name$=".${CSS.escape(field)}"]`);
    if (!input) continue;
    input.classList.add('invalid');
    const note = document.createElement('span');
    note.className = 'field-error';
    note.textContent = `${field}: ${problem}`;
    input.closest('label')?.after(note);
  }
}

/** Runs an action, showing its failure (and nothing lost: forms keep what was typed). */
async function attempt(action, form) {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showError(error, form);
  }
}

function onSubmit(selector, action) {
  const form = $(selector);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say('');
    clearMarks();
    attempt(() => action(new FormData(form), form), form);
  });
}

function row(table, cells, actions = []) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    td.textContent = cell ?? '';
    tr.append(td);
  }
  const td = document.createElement('td');
  for (const [label, action] of actions) {
    const button = document.createElement('button');
    button.textContent = label;
    button.addEventListener('click', () => { say(''); attempt(action); });
    td.append(button);
  }
  tr.append(td);
  $(`${table} tbody`).append(tr);
  return tr;
}

const clear = (table) => { $(`${table} tbody`).innerHTML = ''; };
const hhmm = (time) => (time || '').slice(0, 5);
const today = () => new Date().toISOString().slice(0, 10);
const filled = (data) => Object.fromEntries([...data.entries()].filter(([, value]) => value !== ''));

// ---------------------------------------------------------------- signing in

function claimsOf(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(part))));
}

async function signIn(username, password) {
  const { body } = await api('POST', '/api/api/token_obtain', { username, password });
  const claims = claimsOf(body.id);
  const groups = claims['cognito:groups'] || [];
  session = {
    access: body.access, refresh: body.refresh, id: claims.sub,
    name: claims['cognito:username'] || username,
    role: groups.includes('doctors') ? 'doctor' : groups.includes('patients') ? 'patient'
      : groups.includes('staff') ? 'staff' : groups.includes('admins') ? 'admin' : groups[0] || 'unknown',
  };
  sessionStorage.setItem('clinic.session', JSON.stringify(session));
  await show();
}

function signOut() {
  session = null;
  sessionStorage.removeItem('clinic.session');
  show();
}

onSubmit('#sign-in', (data) => signIn(data.get('username'), data.get('password')));

onSubmit('#sign-up', async (data, form) => {
  const user = { username: data.get('user.username'), email: data.get('user.email'), password: data.get('user.password') };
  await api('POST', '/api/register_patient', { user, name: data.get('name') });
  await signIn(user.username, user.password);
  form.reset();
  say(`Welcome, ${data.get('name')}: you are signed up.`);
});

$('#sign-out').addEventListener('click', signOut);

async function show() {
  const role = session?.role;
  $('#signed-out').hidden = !!session;
  $('#patient').hidden = role !== 'patient';
  $('#doctor').hidden = role !== 'doctor';
  $('#staff').hidden = role !== 'staff' && role !== 'admin';
  $('#sign-out').hidden = !session;
  $('#who').textContent = session ? `${session.name} (${role})` : '';
  if (role === 'patient') {
    await attempt(async () => { await loadTimeSlots(); await loadSpecialties(); await browse(); await myAppointments(); await myWaitlist(); });
  } else if (role === 'doctor') {
    await attempt(async () => { await loadTimeSlots(); await myDay(); await myWeek(); await myHours(); await myTimeOff(); });
  } else if (role === 'staff' || role === 'admin') {
    await attempt(async () => { await loadSpecialties(); await staffBrowse(); });
  } else if (session) {
    say('This client is for patients, doctors and staff; sign in as one of them.', 'error');
  }
}

// ---------------------------------------------------------------- patients
// An action refreshes what it changed, then says what it did: a message means the page is current.

/** The first page of open slots for a form's day and specialty (each optional). */
function openSlotsPath(form) {
  const query = new URLSearchParams({ limit: '10' });
  for (const field of ['date', 'specialty']) {
    const value = $(`${form} [name=${field}]`).value;
    if (value) query.set(field, value);
  }
  return `/api/availabilities?${query}`;
}

async function loadSpecialties() {
  if (specialties) return;
  ({ body: specialties } = await api('GET', '/api/specialties'));
  for (const select of document.querySelectorAll('select[name=specialty]')) {
    select.replaceChildren(new Option('any', ''), ...specialties.map((name) => new Option(name.replace(/-/g, ' '), name)));
  }
}

/** Who booked, moved or cancelled an appointment, and why, in words ("" when the API says nothing). */
function whoAndWhy(appointment) {
  const by = (actor) => (actor.id === session?.id ? 'you' : actor.role);
  const parts = [];
  if (appointment.booked_by) parts.push(`booked by ${by(appointment.booked_by)}`);
  if (appointment.rescheduled_by) parts.push(`moved by ${by(appointment.rescheduled_by)}`);
  if (appointment.cancelled_by) parts.push(`cancelled by ${by(appointment.cancelled_by)}`);
  const reason = appointment.cancel_reason;
  if (reason) parts.push(`reason: ${reason.code.replace(/_/g, ' ')}${reason.text ? ` (${reason.text})` : ''}`);
  return parts.join('; ');
}

/** Marks a table busy while its rows are fetched (for assistive technology, and a test waits on it). */
async function loading(table, fetchRows) {
  $(table).setAttribute('aria-busy', 'true');
  try {
    return await fetchRows();
  } finally {
    $(table).removeAttribute('aria-busy');
  }
}

async function browse(page) {
  const { body, next } = await loading('#open-slots', () => api('GET', page || openSlotsPath('#browse')));
  if (!page) clear('#open-slots');
  for (const slot of body) {
    rememberDoctor(slot.doctor, slot.doctor_name);
    const action = rescheduling
      ? ['Move here', () => reschedule(rescheduling, slot)]
      : ['Book', () => book(slot)];
    row('#open-slots', [slot.date, `${hhmm(slot.start_time)}-${hhmm(slot.end_time)}`, slot.doctor_name], [action]);
  }
  if (body.length === 0 && !page) row('#open-slots', ['No open slot', '', '']);
  nextPage = next;
  $('#next-page').hidden = !next;
}

$('#next-page').addEventListener('click', () => attempt(() => browse(nextPage)));
onSubmit('#browse', () => browse());

function rememberDoctor(id, name) {
  const seen = $('#doctors-seen');
  if (!seen.querySelector(`option[value="${CSS.escape(id)}"]`)) {
    const option = document.createElement('option');
    option.value = id;
    option.label = name;
    seen.append(option);
  }
}

async function book(slot) {
  // An Idempotency-Key per click: a retried request books nothing more.
  const { body } = await api('POST', '/api/appointments', { doctor: slot.doctor, date: slot.date, time_slot: slot.time_slot },
    { 'Idempotency-Key': crypto.randomUUID() });
  await browse();
  await myAppointments();
  say(`Booked: ${body.doctor_name} on ${body.date} at ${hhmm(body.start_time)}.`);
}

async function myAppointments() {
  const { body } = await api('GET', '/api/appointments?status=booked');
  clear('#my-appointments');
  for (const appointment of body) {
    row('#my-appointments', [appointment.date, hhmm(appointment.start_time), appointment.doctor_name, appointment.status, whoAndWhy(appointment)], [
      ['Reschedule', () => startRescheduling(appointment)],
      ['Cancel', () => cancel(appointment)],
    ]);
  }
  if (body.length === 0) row('#my-appointments', ['No appointment booked']);
}

async function cancel(appointment) {
  await api('DELETE', `/api/appointments/${appointment.id}`);
  await myAppointments();
  await browse();
  say(`Cancelled: ${appointment.doctor_name} on ${appointment.date} at ${hhmm(appointment.start_time)}.`);
}

async function startRescheduling(appointment) {
  rescheduling = appointment;
  $('#rescheduling').hidden = false;
  $('#rescheduling b').textContent = `${appointment.doctor_name}, ${appointment.date} ${hhmm(appointment.start_time)}`;
  await browse();
}

$('#stop-rescheduling').addEventListener('click', () => {
  rescheduling = null;
  $('#rescheduling').hidden = true;
  attempt(() => browse());
});

async function reschedule(appointment, slot) {
  const { body } = await api('PUT', `/api/appointments/${appointment.id}`, { doctor: slot.doctor, date: slot.date, time_slot: slot.time_slot });
  rescheduling = null;
  $('#rescheduling').hidden = true;
  await browse();
  await myAppointments();
  say(`Moved to ${body.date} at ${hhmm(body.start_time)} with ${body.doctor_name}.`);
}

onSubmit('#join-waitlist', async (data, form) => {
  const { body } = await api('POST', '/api/waitlist', filled(data));
  form.reset();
  await myWaitlist();
  say(`You are waiting for ${body.doctor_name} on ${body.date}; a slot that opens is offered to you here.`);
});

async function myWaitlist() {
  const { body } = await api('GET', '/api/waitlist');
  clear('#my-waitlist');
  for (const entry of body) {
    const slot = entry.offer && timeOf(entry.offer.time_slot);
    const offer = entry.offer ? `${slot} is held for you until ${new Date(entry.offer.deadline).toLocaleTimeString()}` : 'waiting';
    const actions = entry.offer
      ? [['Accept', () => accept(entry)], ['Decline', () => decline(entry)]]
      : [['Leave', () => leave(entry)]];
    row('#my-waitlist', [entry.date, entry.doctor_name, `${hhmm(entry.from_time)}-${hhmm(entry.to_time)}`, offer], actions);
  }
  if (body.length === 0) row('#my-waitlist', ['Not waiting for any day']);
}

$('#refresh-waitlist').addEventListener('click', () => { say(''); attempt(myWaitlist); });

function timeOf(timeSlot) {
  const known = timeSlots.find((slot) => slot.id === timeSlot);
  if (known) return hhmm(known.start_time);
  const minutes = 9 * 60 + (timeSlot - 1) * 30; // before the list is in: the standard grid, slot 1 at 09:00
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

async function accept(entry) {
  const { body } = await api('POST', `/api/waitlist/${entry.id}/accept`, {});
  await myWaitlist();
  await myAppointments();
  say(`Booked from the waiting list: ${body.doctor_name} on ${body.date} at ${hhmm(body.start_time)}.`);
}

async function decline(entry) {
  await api('POST', `/api/waitlist/${entry.id}/decline`, {});
  await myWaitlist();
  say('Declined; the slot goes to the next person waiting.');
}

async function leave(entry) {
  await api('DELETE', `/api/waitlist/${entry.id}`);
  await myWaitlist();
}

$('#calendar-feed').addEventListener('click', () => attempt(async () => {
  const { body } = await api('POST', '/api/calendar/feed');
  const link = document.createElement('a');
  link.href = body.url.replace(/^https?:/, 'webcal:');
  link.textContent = body.url;
  $('#calendar-link').replaceChildren('Subscribe in your calendar app (shown once; a new link revokes this one): ', link);
}));

// ---------------------------------------------------------------- doctors

async function loadTimeSlots() {
  if (timeSlots.length) return;
  const { body } = await api('GET', '/api/timeslots?limit=500');
  timeSlots = body;
  $('#declare [name=time_slot]').replaceChildren(...body.map((slot) => {
    const option = document.createElement('option');
    option.value = slot.id;
    option.textContent = `${hhmm(slot.start_time)}-${hhmm(slot.end_time)}`;
    return option;
  }));
}

const scheduleOf = (from, to) =>
  `/api/availabilities?doctor=${encodeURIComponent(session.id)}&from=${from}&to=${to}&status=open,closed,booked,held&limit=500`;

async function myDay() {
  const input = $('#day [name=date]');
  if (!input.value) input.value = today();
  const date = input.value;
  const { body } = await api('GET', scheduleOf(date, date));
  clear('#day-slots');
  for (const slot of body) {
    const actions = slot.status === 'open' ? [['Close', () => setOpen(slot, false)]]
      : slot.status === 'closed' ? [['Reopen', () => setOpen(slot, true)]] : [];
    row('#day-slots', [`${hhmm(slot.start_time)}-${hhmm(slot.end_time)}`, slot.status, slot.patient_name], actions)
      .classList.add(slot.status);
  }
  if (body.length === 0) row('#day-slots', ['Nothing declared on this day']);
}

onSubmit('#day', () => myDay());

async function setOpen(slot, open) {
  await api('PUT', `/api/availabilities/${slot.id}`, { date: slot.date, time_slot: slot.time_slot, is_available: open });
  await myDay();
  await myWeek();
  say(`${hhmm(slot.start_time)} on ${slot.date} is ${open ? 'open again' : 'closed'}.`);
}

onSubmit('#declare', async (data) => {
  const date = $('#day [name=date]').value;
  const body = { date, time_slot: Number(data.get('time_slot')) };
  const { body: slot } = await api('POST', '/api/availabilities', body);
  await myDay();
  await myWeek();
  say(`Declared ${hhmm(slot.start_time)} on ${slot.date}.`);
});

async function myWeek() {
  const input = $('#week [name=from]');
  if (!input.value) input.value = $('#day [name=date]').value || today();
  const from = new Date(`${input.value}T00:00:00Z`);
  const days = [...Array(7).keys()].map((i) => new Date(from.getTime() + i * 86400000).toISOString().slice(0, 10));
  const { body } = await api('GET', scheduleOf(days[0], days[6]));
  const byCell = new Map(body.map((slot) => [`${slot.date} ${slot.time_slot}`, slot]));
  const head = document.createElement('tr');
  head.append(...['', ...days].map((day) => Object.assign(document.createElement('th'), { textContent: day })));
  $('#week-grid thead').replaceChildren(head);
  clear('#week-grid');
  const rows = [...new Set(body.map((slot) => slot.time_slot))].sort((a, b) => a - b);
  for (const timeSlot of rows) {
    const tr = document.createElement('tr');
    tr.append(Object.assign(document.createElement('th'), { textContent: timeOf(timeSlot) }));
    for (const day of days) {
      const slot = byCell.get(`${day} ${timeSlot}`);
      const td = document.createElement('td');
      td.textContent = slot ? (slot.status === 'booked' ? `booked: ${slot.patient_name}` : slot.status) : '';
      if (slot) td.className = slot.status;
      tr.append(td);
    }
    $('#week-grid tbody').append(tr);
  }
  if (rows.length === 0) row('#week-grid', ['Nothing declared this week']);
}

onSubmit('#week', () => myWeek());

// Weekly hours: one text box a weekday, "09:00-12:00, 13:00-17:00".
$('#weekdays').append(...WEEKDAYS.map((day) => {
  const label = document.createElement('label');
  label.append(`${day[0].toUpperCase()}${day.slice(1)} `, Object.assign(document.createElement('input'), { name: `week.${day}` }));
  return label;
}));

async function myHours() {
  const { body } = await api('GET', `/api/doctors/${session.id}/hours`);
  $('#hours-now').textContent = body.patterns.length === 0 ? 'No weekly hours set.'
    : body.patterns.map((pattern) => `From ${pattern.effective_from}${pattern.until ? ` until ${pattern.until}` : ''}: ` + WEEKDAYS
      .filter((day) => pattern.week[day]?.length)
      .map((day) => `${day} ${pattern.week[day].map((range) => `${range.from}-${range.to}`).join(', ')}`).join('; ')).join('\n');
}

onSubmit('#hours', async (data) => {
  const week = {};
  for (const day of WEEKDAYS) {
    const text = (data.get(`week.${day}`) || '').trim();
    week[day] = text ? text.split(',').map((range) => {
      const [from, to] = range.trim().split('-').map((time) => time.trim());
      return { from, to };
    }) : [];
  }
  const body = { effective_from: data.get('effective_from'), until: data.get('until') || null, week };
  const { body: set } = await api('PUT', `/api/doctors/${session.id}/hours`, body);
  await myHours();
  await myDay();
  await myWeek();
  say(set.conflicts.length ? `Weekly hours set; ${set.conflicts.length} booked appointment(s) fall outside them and stay booked.`
    : 'Weekly hours set.');
});

async function myTimeOff() {
  const { body } = await api('GET', `/api/doctors/${session.id}/time-off`);
  clear('#time-off');
  for (const off of body.time_off) {
    row('#time-off', [off.from, off.to, off.reason], [['End', async () => {
      await api('DELETE', `/api/doctors/${session.id}/time-off/${off.id}`);
      await myTimeOff();
      await myDay();
      say(`Time off from ${off.from} ended.`);
    }]]);
  }
  if (body.time_off.length === 0) row('#time-off', ['No time off']);
}

onSubmit('#take-time-off', async (data, form) => {
  const { body } = await api('POST', `/api/doctors/${session.id}/time-off`, filled(data));
  form.reset();
  await myTimeOff();
  await myDay();
  await myWeek();
  say(`Time off from ${body.from} to ${body.to}: ${body.closed} open slot(s) closed`
    + (body.booked.length ? `; ${body.booked.length} booked appointment(s) stay booked.` : '.'));
});

// ---------------------------------------------------------------- staff
// The front desk finds a patient by name, books an open slot for them and cancels with a reason.

async function findPatients(page) {
  const q = $('#find-patient [name=q]').value.trim();
  const { body, next } = await api('GET', page || `/api/patients?limit=5&q=${encodeURIComponent(q)}`);
  if (!page) clear('#patients');
  for (const patient of body) {
    row('#patients', [patient.name, patient.username], [['Choose', () => choosePatient(patient)]]);
  }
  if (body.length === 0 && !page) row('#patients', ['No patient by that name']);
  morePatients = next;
  $('#more-patients').hidden = !next;
}

onSubmit('#find-patient', () => findPatients());
$('#more-patients').addEventListener('click', () => { say(''); attempt(() => findPatients(morePatients)); });

async function choosePatient(patient) {
  chosenPatient = patient;
  $('#for-patient').textContent = `Booking for ${patient.name} (${patient.username}).`;
  await staffBrowse();
  await patientAppointments();
  say(`Chosen: ${patient.name}.`);
}

async function staffBrowse(page) {
  const { body, next } = await loading('#staff-slots', () => api('GET', page || openSlotsPath('#staff-browse')));
  if (!page) clear('#staff-slots');
  for (const slot of body) {
    const actions = chosenPatient ? [['Book for the patient', () => bookFor(chosenPatient, slot)]] : [];
    row('#staff-slots', [slot.date, `${hhmm(slot.start_time)}-${hhmm(slot.end_time)}`, slot.doctor_name], actions);
  }
  if (body.length === 0 && !page) row('#staff-slots', ['No open slot', '', '']);
  staffNextPage = next;
  $('#staff-next-page').hidden = !next;
}

onSubmit('#staff-browse', () => staffBrowse());
$('#staff-next-page').addEventListener('click', () => { say(''); attempt(() => staffBrowse(staffNextPage)); });

async function bookFor(patient, slot) {
  const { body } = await api('POST', '/api/appointments',
    { patient: patient.id, doctor: slot.doctor, date: slot.date, time_slot: slot.time_slot },
    { 'Idempotency-Key': crypto.randomUUID() });
  await staffBrowse();
  await patientAppointments();
  say(`Booked for ${body.patient_name}: ${body.doctor_name} on ${body.date} at ${hhmm(body.start_time)} (${whoAndWhy(body)}).`);
}

/** The chosen patient's booked appointments: the search by their username, kept to them alone. */
async function patientAppointments() {
  clear('#patient-appointments');
  if (!chosenPatient) return;
  const { body } = await api('GET', `/api/appointments/search?limit=100&patient=${encodeURIComponent(chosenPatient.username)}`);
  const theirs = body.filter((appointment) => appointment.patient === chosenPatient.id);
  for (const appointment of theirs) {
    row('#patient-appointments', [appointment.date, hhmm(appointment.start_time), appointment.doctor_name, appointment.status,
      whoAndWhy(appointment)], [['Cancel', () => staffCancel(appointment)]]);
  }
  if (theirs.length === 0) row('#patient-appointments', ['No appointment booked']);
}

// The reason form is read by a cancel, not sent on its own.
$('#cancel-why').addEventListener('submit', (event) => event.preventDefault());

async function staffCancel(appointment) {
  const why = $('#cancel-why');
  clearMarks();
  try {
    const reason = filled(new FormData(why));
    await api('DELETE', `/api/appointments/${appointment.id}`, Object.keys(reason).length ? reason : undefined);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showError(error, why); // a bad reason: its field marked, the appointment still booked
    return;
  }
  const { body } = await api('GET', `/api/appointments/${appointment.id}`);
  why.reset();
  await patientAppointments();
  await staffBrowse();
  say(`Cancelled for ${body.patient_name}: ${body.doctor_name} on ${body.date} at ${hhmm(body.start_time)} (${whoAndWhy(body)}).`);
}

// ---------------------------------------------------------------- start

$('#api-base').textContent = apiBase;
show();
