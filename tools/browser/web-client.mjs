// examples/web, the reference web client, used in Chromium as a patient and a doctor would; each
// step checks what the page shows.
//   APP_URL          the client, e.g. http://127.0.0.1:3000/app/
//   DAY              a day the doctor declared slots 1-12 (09:00-15:00) on; slot 7 (12:00) booked by OTHER_*
//   DOCTOR_ID, DOCTOR_NAME, DOCTOR_USERNAME, DOCTOR_PASSWORD
//   OTHER_USERNAME, OTHER_PASSWORD   the patient holding 12:00, who cancels it
//   STAFF_DAY        a day SPECIALIST_NAME (of SPECIALTY) declared slots 1-3 on, and the doctor slots 1-2
//   SPECIALTY, SPECIALIST_NAME
//   STAFF_USERNAME, STAFF_PASSWORD   a member of staff
//   FOUND_NAME, FOUND_USERNAME       the patient they find and book for
//   SCREENSHOTS      a folder for web-client-patient.png, web-client-doctor.png and web-client-staff.png
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, required, run } from './chromium.mjs';

const app = required('APP_URL');
const day = required('DAY');
const doctor = { id: required('DOCTOR_ID'), name: required('DOCTOR_NAME'), username: required('DOCTOR_USERNAME'), password: required('DOCTOR_PASSWORD') };
const other = { username: required('OTHER_USERNAME'), password: required('OTHER_PASSWORD') };
const shots = required('SCREENSHOTS');
const staffDay = required('STAFF_DAY');
const specialty = required('SPECIALTY');
const specialist = required('SPECIALIST_NAME');
const staff = { username: required('STAFF_USERNAME'), password: required('STAFF_PASSWORD') };
const found = { name: required('FOUND_NAME'), username: required('FOUND_USERNAME') };
const me = { name: 'Wendy Web', username: `web-${Date.now().toString(36)}`, password: 'Web-pass-12' };

const browser = await launch();
const viewport = { width: 1100, height: 1400 };
const patient = await (await browser.newContext({ viewport })).newPage();
const pageErrors = [];
patient.on('pageerror', (error) => pageErrors.push(String(error)));
let desk; // the staff's page

const message = (page) => page.locator('#message');
const rows = (page, table) => page.locator(`${table} tbody tr`);

async function signIn(page, username, password) {
  await page.goto(app);
  await page.fill('#sign-in [name=username]', username);
  await page.fill('#sign-in [name=password]', password);
  await page.click('#sign-in button');
}

async function expectMessage(page, pattern, kind) {
  await page.waitForFunction(() => !document.querySelector('#message').hidden && document.querySelector('#message').textContent);
  const text = await message(page).textContent();
  assert.match(text, pattern);
  assert.equal(await message(page).getAttribute('class'), kind, `"${text}" shown as ${kind}`);
}

await run({
  'a 400 is shown in words, its field highlighted, and nothing typed is lost': async () => {
    await patient.goto(app);
    await patient.fill('#sign-up [name=name]', me.name);
    await patient.fill('#sign-up [name="user.username"]', me.username);
    await patient.fill('#sign-up [name="user.email"]', 'not-an-email');
    await patient.fill('#sign-up [name="user.password"]', me.password);
    await patient.click('#sign-up button');
    await expectMessage(patient, /./, 'error');
    assert.equal(await patient.getAttribute('#sign-up [name="user.email"]', 'class'), 'invalid');
    assert.match(await patient.locator('.field-error').textContent(), /user\.email: must be a valid email address/);
    assert.equal(await patient.inputValue('#sign-up [name="user.username"]'), me.username);
  },
  'a patient signs up and is signed in': async () => {
    await patient.fill('#sign-up [name="user.email"]', `${me.username}@example.com`);
    await patient.click('#sign-up button');
    await expectMessage(patient, new RegExp(`Welcome, ${me.name}`), 'info');
    assert.equal(await patient.textContent('#who'), `${me.username} (patient)`);
    assert.equal(await patient.locator('.invalid').count(), 0);
  },
  'open slots come page by page, following Link': async () => {
    await patient.fill('#browse [name=date]', day);
    await patient.click('#browse button');
    // The rows of the page shown at sign-in may be 10 too: wait for the day's own (the next page's Link with them).
    await patient.waitForSelector('#open-slots:not([aria-busy])', { state: 'attached' });
    await patient.waitForFunction(() => document.querySelectorAll('#open-slots tbody tr').length === 10);
    assert.equal(await rows(patient, '#open-slots').first().textContent(), `${day}09:00-09:30${doctor.name}Book`);
    await patient.click('#next-page');
    // 11 open of 12 (12:00 is booked): the second page holds the last one, and there is no third.
    await patient.waitForFunction(() => document.querySelectorAll('#open-slots tbody tr').length === 11);
    assert.match(await rows(patient, '#open-slots').last().textContent(), /14:30-15:00/);
    assert.ok(await patient.isHidden('#next-page'));
  },
  'the patient books and cancels': async () => {
    await rows(patient, '#open-slots').filter({ hasText: '09:00-09:30' }).getByRole('button', { name: 'Book' }).click();
    await expectMessage(patient, new RegExp(`Booked: ${doctor.name} on ${day} at 09:00`), 'info');
    assert.equal(await rows(patient, '#my-appointments').first().textContent(), `${day}09:00${doctor.name}bookedbooked by youRescheduleCancel`);
    await rows(patient, '#my-appointments').filter({ hasText: '09:00' }).getByRole('button', { name: 'Cancel' }).click();
    await expectMessage(patient, /Cancelled: .* at 09:00/, 'info');
    assert.equal(await rows(patient, '#my-appointments').first().textContent(), 'No appointment booked');
    assert.ok(await rows(patient, '#open-slots').filter({ hasText: '09:00-09:30' }).count() === 1, 'the slot is open again');
  },
  'the patient books, then reschedules': async () => {
    await rows(patient, '#open-slots').filter({ hasText: '09:00-09:30' }).getByRole('button', { name: 'Book' }).click();
    await expectMessage(patient, /Booked: .* at 09:00/, 'info');
    await rows(patient, '#my-appointments').filter({ hasText: '09:00' }).getByRole('button', { name: 'Reschedule' }).click();
    await rows(patient, '#open-slots').filter({ hasText: '09:30-10:00' }).getByRole('button', { name: 'Move here' }).click();
    await expectMessage(patient, new RegExp(`Moved to ${day} at 09:30`), 'info');
    assert.equal(await rows(patient, '#my-appointments').first().textContent(),
      `${day}09:30${doctor.name}bookedbooked by you; moved by youRescheduleCancel`);
    // One appointment a doctor a day: to wait for that doctor's 12:00, the patient lets 09:30 go.
    await rows(patient, '#my-appointments').filter({ hasText: '09:30' }).getByRole('button', { name: 'Cancel' }).click();
    await expectMessage(patient, /Cancelled: .* at 09:30/, 'info');
  },
  'the patient waits for 12:00, another patient cancels it, and the offer is accepted': async () => {
    await patient.fill('#join-waitlist [name=doctor]', doctor.id);
    await patient.fill('#join-waitlist [name=date]', day);
    await patient.fill('#join-waitlist [name=from_time]', '12:00:00');
    await patient.fill('#join-waitlist [name=to_time]', '12:30:00');
    await patient.click('#join-waitlist button');
    await expectMessage(patient, new RegExp(`waiting for ${doctor.name} on ${day}`), 'info');
    assert.match(await rows(patient, '#my-waitlist').first().textContent(), /12:00-12:30waiting/);

    const otherPage = await (await browser.newContext()).newPage();
    await signIn(otherPage, other.username, other.password);
    await rows(otherPage, '#my-appointments').filter({ hasText: '12:00' }).getByRole('button', { name: 'Cancel' }).click();
    await expectMessage(otherPage, /Cancelled: .* at 12:00/, 'info');

    await patient.click('#refresh-waitlist');
    await patient.waitForFunction(() => /held for you/.test(document.querySelector('#my-waitlist tbody').textContent));
    assert.match(await rows(patient, '#my-waitlist').first().textContent(), /12:00 is held for you until/);
    await rows(patient, '#my-waitlist').first().getByRole('button', { name: 'Accept' }).click();
    await expectMessage(patient, new RegExp(`Booked from the waiting list: ${doctor.name} on ${day} at 12:00`), 'info');
    assert.ok(await rows(patient, '#my-appointments').filter({ hasText: '12:00' }).count() === 1);
    assert.equal(await rows(patient, '#my-waitlist').first().textContent(), 'Not waiting for any day');
  },
  'the calendar feed link is shown': async () => {
    await patient.click('#calendar-feed');
    await patient.waitForSelector('#calendar-link a');
    assert.match(await patient.getAttribute('#calendar-link a', 'href'), /^webcal:\/\/.*\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await patient.fill('#browse [name=date]', day);
    await patient.click('#browse button');
    await patient.waitForFunction(() => document.querySelectorAll('#open-slots tbody tr').length >= 9);
    await patient.screenshot({ path: join(shots, 'web-client-patient.png'), fullPage: true });
  },
  'a patient keeps the open slots to one specialty': async () => {
    await patient.fill('#browse [name=date]', staffDay);
    await patient.click('#browse button');
    await patient.waitForFunction(() => document.querySelectorAll('#open-slots tbody tr').length === 5);
    assert.equal(await rows(patient, '#open-slots').filter({ hasText: doctor.name }).count(), 2);
    await patient.selectOption('#browse [name=specialty]', specialty);
    await patient.click('#browse button');
    await patient.waitForFunction(() => document.querySelectorAll('#open-slots tbody tr').length === 3);
    const doctors = await patient.$$eval('#open-slots tbody tr', (trs) => trs.map((tr) => tr.cells[2].textContent));
    assert.deepEqual(doctors, [specialist, specialist, specialist]);
    await patient.selectOption('#browse [name=specialty]', '');
  },
  'the doctor sees the bookings in their day and week': async () => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await signIn(page, doctor.username, doctor.password);
    await page.waitForSelector('#doctor:not([hidden])');
    await page.fill('#day [name=date]', day);
    await page.click('#day button');
    await page.waitForFunction(() => /booked/.test(document.querySelector('#day-slots tbody').textContent));
    assert.equal(await rows(page, '#day-slots').filter({ hasText: '12:00-12:30' }).textContent(), `12:00-12:30booked${me.name}`);
    assert.equal(await rows(page, '#day-slots').filter({ hasText: '09:30-10:00' }).textContent(), '09:30-10:00openClose');
    assert.equal(await rows(page, '#day-slots').filter({ hasText: '09:00-09:30' }).textContent(), '09:00-09:30openClose');
    await page.fill('#week [name=from]', day);
    await page.click('#week button');
    await page.waitForFunction(() => /booked/.test(document.querySelector('#week-grid tbody').textContent));
    assert.match(await page.locator('#week-grid tbody').textContent(), new RegExp(`12:00booked: ${me.name}`));

    // Close a slot, and a 409: declaring a slot the day already has.
    await rows(page, '#day-slots').filter({ hasText: '09:00-09:30' }).getByRole('button', { name: 'Close' }).click();
    await expectMessage(page, new RegExp(`09:00 on ${day} is closed`), 'info');
    assert.equal(await rows(page, '#day-slots').filter({ hasText: '09:00-09:30' }).textContent(), '09:00-09:30closedReopen');
    await page.selectOption('#declare [name=time_slot]', '2');
    await page.click('#declare button');
    await expectMessage(page, /./, 'error');
    const conflict = await message(page).textContent();
    assert.doesNotMatch(conflict, /^The API answered/, 'the API\'s own words, not a status');

    await page.fill('#hours [name=effective_from]', day);
    await page.fill('#hours [name="week.monday"]', '09:00-12:00, 13:00-17:00');
    await page.fill('#take-time-off [name=from]', day);
    await page.fill('#take-time-off [name=to]', day);
    await page.fill('#take-time-off [name=reason]', 'Conference');
    await page.screenshot({ path: join(shots, 'web-client-doctor.png'), fullPage: true });
    console.log(`409 shown as: ${conflict}`);
  },
  'the doctor sets weekly hours and takes time off': async () => {
    const page = (await browser.contexts()[browser.contexts().length - 1].pages())[0];
    await page.click('#hours button');
    await expectMessage(page, /^Weekly hours set/, 'info');
    assert.match(await page.textContent('#hours-now'), new RegExp(`From ${day}: monday 09:00-12:00, 13:00-17:00`));
    await page.click('#take-time-off button');
    await expectMessage(page, new RegExp(`^Time off from ${day} to ${day}: \\d+ open slot\\(s\\) closed; 1 booked appointment\\(s\\) stay booked`), 'info');
    assert.equal(await rows(page, '#time-off').first().textContent(), `${day}${day}ConferenceEnd`);
    assert.equal(await rows(page, '#day-slots').filter({ hasText: '12:00-12:30' }).textContent(), `12:00-12:30booked${me.name}`);
    const statuses = await page.$$eval('#day-slots tbody tr', (trs) => trs.map((tr) => tr.cells[1]?.textContent));
    assert.ok(statuses.length > 0 && statuses.every((status) => status !== 'open'), `no slot of the day is open: ${statuses}`);
  },
  'staff find a patient by name and book for them': async () => {
    desk = await (await browser.newContext({ viewport })).newPage();
    desk.on('pageerror', (error) => pageErrors.push(String(error)));
    await signIn(desk, staff.username, staff.password);
    await desk.waitForSelector('#staff:not([hidden])');
    assert.equal(await desk.textContent('#who'), `${staff.username} (staff)`);
    await desk.fill('#find-patient [name=q]', found.name.split(' ')[0].toLowerCase());
    await desk.click('#find-patient button');
    // Six patients are called Fiona: five on the first page, the sixth on the next, by Link.
    await desk.waitForFunction(() => document.querySelectorAll('#patients tbody tr').length === 5);
    assert.ok(await desk.isVisible('#more-patients'));
    await desk.click('#more-patients');
    await desk.waitForFunction(() => document.querySelectorAll('#patients tbody tr').length === 6);
    assert.ok(await desk.isHidden('#more-patients'));
    const names = await desk.$$eval('#patients tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
    assert.ok(names.every((name) => name.startsWith('Fiona ')), `only Fionas: ${names}`);
    const match = rows(desk, '#patients').filter({ hasText: found.username });
    assert.equal(await match.textContent(), `${found.name}${found.username}Choose`);
    await match.getByRole('button', { name: 'Choose' }).click();
    await expectMessage(desk, new RegExp(`^Chosen: ${found.name}\.$`), 'info');
    assert.equal(await desk.textContent('#for-patient'), `Booking for ${found.name} (${found.username}).`);
    assert.equal(await rows(desk, '#patient-appointments').first().textContent(), 'No appointment booked');

    await desk.fill('#staff-browse [name=date]', staffDay);
    await desk.selectOption('#staff-browse [name=specialty]', specialty);
    await desk.click('#staff-browse button');
    await desk.waitForFunction(() => document.querySelectorAll('#staff-slots tbody tr').length === 3);
    await rows(desk, '#staff-slots').filter({ hasText: '09:00-09:30' }).getByRole('button', { name: 'Book for the patient' }).click();
    await expectMessage(desk, new RegExp(`^Booked for ${found.name}: ${specialist} on ${staffDay} at 09:00 \\(booked by you\\)\\.$`), 'info');
    assert.equal(await rows(desk, '#patient-appointments').first().textContent(), `${staffDay}09:00${specialist}bookedbooked by youCancel`);
    await desk.waitForFunction(() => document.querySelectorAll('#staff-slots tbody tr').length === 2);
    assert.equal(await rows(desk, '#staff-slots').filter({ hasText: '09:00-09:30' }).count(), 0, 'the slot is taken');
    await desk.screenshot({ path: join(shots, 'web-client-staff.png'), fullPage: true });
  },
  'staff cancel with a reason, a bad one shown in words first': async () => {
    await desk.selectOption('#cancel-why [name=reason_code]', 'clinic');
    await desk.fill('#cancel-why [name=reason]', 'x'.repeat(201));
    await rows(desk, '#patient-appointments').first().getByRole('button', { name: 'Cancel' }).click();
    await expectMessage(desk, /./, 'error');
    assert.doesNotMatch(await message(desk).textContent(), /^The API answered/, 'the API\'s own words, not a status');
    assert.equal(await desk.getAttribute('#cancel-why [name=reason]', 'class'), 'invalid');
    assert.match(await desk.locator('#cancel-why ~ .field-error, #cancel-why .field-error').first().textContent(), /^reason: /);
    assert.equal(await rows(desk, '#patient-appointments').first().textContent(), `${staffDay}09:00${specialist}bookedbooked by youCancel`,
      'nothing cancelled');
    console.log(`400 shown as: ${await message(desk).textContent()}`);

    await desk.fill('#cancel-why [name=reason]', 'Doctor called in sick');
    await rows(desk, '#patient-appointments').first().getByRole('button', { name: 'Cancel' }).click();
    await expectMessage(desk, new RegExp(`^Cancelled for ${found.name}: ${specialist} on ${staffDay} at 09:00 `
      + '\\(booked by you; cancelled by you; reason: clinic \\(Doctor called in sick\\)\\)\\.$'), 'info');
    assert.equal(await rows(desk, '#patient-appointments').first().textContent(), 'No appointment booked');
    assert.equal(await desk.inputValue('#cancel-why [name=reason]'), '', 'the reason is used once');
    await desk.waitForFunction(() => document.querySelectorAll('#staff-slots tbody tr').length === 3);
  },
  'the page threw nothing': async () => {
    assert.deepEqual(pageErrors, []);
  },
});

await browser.close();
