/** Small inline icons for editor controls; always paired with an accessible name on the control. */
type IconProps = { className?: string };

function Svg({ children, className }: { children: React.ReactNode; className?: string }) {
  return (
    <svg
      className={className}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const ArrowUpIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" />
  </Svg>
);

export const ArrowDownIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M8 3v10M3.5 8.5 8 13l4.5-4.5" />
  </Svg>
);

export const TrashIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v4.5M9.2 6.5v4.5" />
  </Svg>
);

export const PlusIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M8 3v10M3 8h10" />
  </Svg>
);

export const LinkIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M6.5 9.5a3 3 0 0 0 4.2 0l2.1-2.1a3 3 0 0 0-4.2-4.2l-.9.9M9.5 6.5a3 3 0 0 0-4.2 0L3.2 8.6a3 3 0 0 0 4.2 4.2l.9-.9" />
  </Svg>
);

export const BulletListIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M6 4h8M6 8h8M6 12h8" />
    <circle cx="2.6" cy="4" r=".9" fill="currentColor" stroke="none" />
    <circle cx="2.6" cy="8" r=".9" fill="currentColor" stroke="none" />
    <circle cx="2.6" cy="12" r=".9" fill="currentColor" stroke="none" />
  </Svg>
);

export const NumberedListIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M6.5 4h7.5M6.5 8h7.5M6.5 12h7.5" />
    <path d="M2 2.8h1v2.7M1.8 5.5h1.6M1.8 9.2c.2-.5.7-.7 1.1-.6.6.1.8.8.3 1.2l-1.4 1.2h1.8" strokeWidth="1.1" />
  </Svg>
);

export const QuoteIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M3 4.5h3.5v3.5c0 2-1 3.3-3 3.8M9.5 4.5H13v3.5c0 2-1 3.3-3 3.8" />
  </Svg>
);

export const GripIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <circle cx="6" cy="4" r=".9" fill="currentColor" stroke="none" />
    <circle cx="10" cy="4" r=".9" fill="currentColor" stroke="none" />
    <circle cx="6" cy="8" r=".9" fill="currentColor" stroke="none" />
    <circle cx="10" cy="8" r=".9" fill="currentColor" stroke="none" />
    <circle cx="6" cy="12" r=".9" fill="currentColor" stroke="none" />
    <circle cx="10" cy="12" r=".9" fill="currentColor" stroke="none" />
  </Svg>
);
