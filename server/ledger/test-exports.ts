// Jira and Linear CSV exports for tests, in each tool's standard export headers, with some rows that must fail.

// A Jira export: Labels repeats once per label; a description spans lines; line 5 has no summary, line 6 bad points.
export const JIRA_CSV = [
  'Summary,Issue key,Issue id,Issue Type,Status,Priority,Labels,Labels,Description,Custom field (Story Points)',
  'CRM integration,PAY-12,10012,Story,To Do,High,crm,,"Sync contacts both ways.',
  'Customers asked for it at the QBR.",8',
  'Billing module cleanup,PAY-14,10014,Task,In Progress,Medium,tech-debt,billing,Untangle the invoice rounding,5',
  ',PAY-15,10015,Story,To Do,Low,,,No summary here,3',
  'Bulk export,PAY-16,10016,Story,Done,Low,,,,two',
  "Refactor auth tokens,PAY-17,10017,Technical Debt,Won't Do,Low,,,,3",
  'Audit log,PAY-12,10018,Story,To Do,Low,,,,2',
].join('\n');

export const LINEAR_CSV = [
  'ID,Team,Title,Description,Status,Estimate,Priority,Labels,Created',
  'ENG-101,Core,Queue back-pressure,"Stop the queue from, well, stalling",Backlog,3,Urgent,"Tech Debt, Infra",2025-01-02',
  'ENG-102,Core,Onboarding redesign,,Todo,5,High,Feature,2025-01-03',
  'ENG-103,Core,Waste log,,Todo,2,Low,,2025-01-04,extra',
].join('\n');
