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
}

export const FRAMEWORKS: readonly Framework[] = [
  {
    name: 'agentkit',
    system: 'You are a helpful AI assistant with access to tools. Work through the task step by step. When you need information or need to act, call one of the tools; when you have the final answer, reply with it directly and stop.',
    tools: ['python_repl', 'web_search', 'read_file', 'write_file', 'shell'],
    ua: (rng) => `agentkit/0.${rng.between(3, 9)}.${rng.int(12)} OpenAI/Python 1.${rng.between(30, 60)}.${rng.int(10)}`,
  },
  {
    name: 'react-chain',
    system: 'Answer the following questions as best you can. You have access to the tools listed below. Use this format: Thought: what to do next. Action: the tool to use. Observation: its result. Repeat as needed, then give the Final Answer.',
    tools: ['search', 'calculator', 'python', 'wikipedia'],
    ua: (rng) => `langchain-openai/0.${rng.between(1, 3)}.${rng.int(20)} OpenAI/Python 1.${rng.between(20, 60)}.${rng.int(10)}`,
  },
  {
    name: 'devagent',
    system: "You are a coding agent working in the user's repository. Use the tools to read, edit and test code. Make the smallest change that solves the task and run the tests before you finish.",
    tools: ['read_file', 'edit_file', 'run_tests', 'bash', 'list_dir', 'search_code'],
    ua: (rng) => `devagent-sdk/${rng.between(1, 2)}.${rng.int(10)}.${rng.int(6)} Anthropic/Python 0.${rng.between(20, 45)}.${rng.int(6)}`,
  },
];

/** How often a new project starts from each framework (the first is the most popular). */
export const FRAMEWORK_POPULARITY: readonly number[] = [5, 3, 2];

/** A framework drawn by popularity. */
export function pickFramework(rng: Rng): Framework {
  return FRAMEWORKS[rng.weighted(FRAMEWORK_POPULARITY)];
}
