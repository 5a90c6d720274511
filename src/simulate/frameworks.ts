/**
 * Popular agent frameworks: what thousands of unrelated developers send when
 * they start from one framework's defaults (its system prompt, its tool list,
 * its client). A benign crowd (a hackathon, a workshop) and a campaign can both
 * run on one of them, so what they share is no tell of either: the detector
 * must judge how they use it.
 */
import type { Rng } from './rng.js';

export interface Framework {
  name: string;
  /** the default system prompt every new project starts from */
  system: string;
  /** the default tool list of its starter template */
  tools: readonly string[];
  /** the client it ships: one SDK wrapper, versions drawn per install */
  ua(rng: Rng): string;
  /**
   * The tasks of its quickstart and tutorials, which people paste word for
   * word: every new user of the framework may send them, so they are the
   * most popular prompts its crowds send.
   */
  examples: readonly string[];
}

export const FRAMEWORKS: readonly Framework[] = [
  {
    name: 'agentkit',
    system: 'You are a helpful AI assistant with access to tools. Work through the task step by step. When you need information or need to act, call one of the tools; when you have the final answer, reply with it directly and stop.',
    tools: ['python_repl', 'web_search', 'read_file', 'write_file', 'shell'],
    ua: (rng) => `agentkit/0.${rng.between(3, 9)}.${rng.int(12)} OpenAI/Python 1.${rng.between(30, 60)}.${rng.int(10)}`,
    examples: [
      "Search the web for today's weather in Paris and write a one-paragraph summary to weather.txt.",
      'Find the three most recent releases of the Python requests library and list what changed in each.',
      'Read data/sales.csv, compute the total revenue per month with Python and plot it as a bar chart saved to sales.png.',
      'Look up the population of the five largest cities in Japan and save them as a markdown table in cities.md.',
      'Write a Python script that downloads the Hacker News front page and prints the titles of the top ten stories.',
      'Use the shell to list every file larger than 1 MB in the current directory and summarise what they are.',
      'Search for the latest news about renewable energy and write a short briefing with three bullet points and sources.',
      'Read notes.txt, extract every action item with its owner and due date, and write them to todo.json.',
    ],
  },
  {
    name: 'react-chain',
    system: 'Answer the following questions as best you can. You have access to the tools listed below. Use this format: Thought: what to do next. Action: the tool to use. Observation: its result. Repeat as needed, then give the Final Answer.',
    tools: ['search', 'calculator', 'python', 'wikipedia'],
    ua: (rng) => `langchain-openai/0.${rng.between(1, 3)}.${rng.int(20)} OpenAI/Python 1.${rng.between(20, 60)}.${rng.int(10)}`,
    examples: [
      'What is the age of the current president of France raised to the power of 0.23?',
      'Who won the most recent FIFA World Cup, and what is the square root of the year it was played?',
      'What is the capital of Australia and how many kilometres is it from Sydney?',
      'Find the height of the Eiffel Tower in metres and multiply it by the number of floors of the Burj Khalifa.',
      'Who wrote the novel The Name of the Rose, and in which year was its author born? Add 42 to that year.',
      'What is the boiling point of water at the summit of Mount Everest in degrees Celsius?',
      'Look up the GDP of Germany in 2022 and divide it by its population to get GDP per person.',
      'Which planet in the solar system has the most moons, and how many does it have?',
    ],
  },
  {
    name: 'devagent',
    system: "You are a coding agent working in the user's repository. Use the tools to read, edit and test code. Make the smallest change that solves the task and run the tests before you finish.",
    tools: ['read_file', 'edit_file', 'run_tests', 'bash', 'list_dir', 'search_code'],
    ua: (rng) => `devagent-sdk/${rng.between(1, 2)}.${rng.int(10)}.${rng.int(6)} Anthropic/Python 0.${rng.between(20, 45)}.${rng.int(6)}`,
    examples: [
      'Add a --verbose flag to the CLI in src/cli.py that prints each step, and add a test for it.',
      'The test test_parse_dates in tests/test_utils.py fails. Find out why and fix it with the smallest change.',
      'Refactor the function load_config in config.py so it validates required keys and raises a clear error when one is missing.',
      'Add type hints to every function in utils.py and make sure mypy passes.',
      'Write a README section that explains how to install the project and run its tests.',
      'Replace the print statements in app.py with the logging module, keeping the same messages.',
      'Add a GitHub Actions workflow that runs the tests on every push with Python 3.11 and 3.12.',
      'Find every TODO comment in the repository and list them with file names and line numbers.',
    ],
  },
];

/** How often a new project starts from each framework (the first is the most popular). */
export const FRAMEWORK_POPULARITY: readonly number[] = [5, 3, 2];

/** A framework drawn by popularity. */
export function pickFramework(rng: Rng): Framework {
  return FRAMEWORKS[rng.weighted(FRAMEWORK_POPULARITY)];
}
